"""Helpers every page-backend handler shares: JSON answers, blocking calls, the client address."""
from __future__ import annotations

import asyncio
import functools
import json
from typing import Any, Callable, TypeVar

from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.response import json as _sanic_json

from bot.web.clientip import client_ip

T = TypeVar("T")


def json_response(body: Any, status: int = 200) -> HTTPResponse:
    """JSON with readable Vietnamese (no \\u escapes); Sanic's default escapes it."""
    return _sanic_json(body, status=status, dumps=functools.partial(json.dumps, ensure_ascii=False))


async def in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking (database) call off the event loop."""
    return await asyncio.to_thread(fn, *args, **kwargs)


def request_ip(request: Request) -> str:
    """The client address for limits (``bot.web.clientip``, trusted proxies from the settings)."""
    return client_ip(request.ip or "", request.headers.get("x-forwarded-for"),
                     request.app.ctx.settings.trusted_proxies)
