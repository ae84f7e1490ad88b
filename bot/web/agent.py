"""The agent inbox behind "Talk to a person": ``/agent`` and its JSON API.

Only a signed-in agent sees anything: every ``/agent/api/*`` call except sign-in
needs the agent cookie (``HttpOnly; SameSite=Strict; Path=/agent``), a customer's
cookie or a forged one gets ``401``, and another origin gets ``403`` before any work.
Passwords are scrypt hashes (``bot.handoff.passwords``); five wrong passwords lock an
account for 15 minutes, and sign-ins are also limited per client address. Every
agent action is audited (``agent_audit``). State lives in the database, so any page
backend instance serves any agent and any customer.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, TypeVar

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, file, raw

from bot.handoff.rules import Status
from bot.handoff.store import Handoff, HandoffStore, now_utc
from bot.i18n import t
from bot.web.responses import in_thread, json_response, request_ip
from bot.web.security import is_same_origin
from bot.web.strings import agent_strings_js

T = TypeVar("T")
STATIC_DIR = Path(__file__).with_name("static")
COOKIE = "agent_sid"
MAX_REPLY_CHARS = 2000


def _error(status: int, error: str) -> HTTPResponse:
    return json_response({"ok": False, "error": error}, status)


def _store(request: Request) -> HandoffStore:
    return request.app.ctx.handoffs


async def _agent(request: Request) -> str | None:
    return await in_thread(_store(request).agent_for, request.cookies.get(COOKIE))


def _body(request: Request) -> Dict[str, Any] | None:
    if not (request.content_type or "").startswith("application/json"):
        return None
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


async def guard(request: Request) -> HTTPResponse | None:
    """Request middleware for the inbox API: same origin only, JSON bodies, an agent session."""
    if not request.path.startswith("/agent/api/"):
        return None
    origin = request.headers.get("origin")
    if origin and not is_same_origin(origin, request.host):
        return _error(403, "forbidden_origin")
    if request.method == "POST" and _body(request) is None:
        return _error(415 if not (request.content_type or "").startswith("application/json") else 400,
                      "bad_request")
    if request.path == "/agent/api/login":
        return None
    name = await _agent(request)
    if name is None:
        return _error(401, "not_signed_in")
    request.ctx.agent = name
    return None


async def page(request: Request) -> HTTPResponse:
    return await file(STATIC_DIR / "agent.html", mime_type="text/html; charset=utf-8")


async def login(request: Request) -> HTTPResponse:
    if not request.app.ctx.signin_limiter.allow("agent:" + request_ip(request)):
        return _error(429, "rate_limited")
    body = _body(request) or {}
    name, password = body.get("name"), body.get("password")
    if not isinstance(name, str) or not isinstance(password, str) or len(name) > 64 or len(password) > 256:
        return _error(400, "bad_request")
    cookie, outcome = await in_thread(_store(request).sign_in, name.strip(), password)
    if cookie is None:
        return _error(423 if outcome == "locked" else 401, outcome)
    resp = json_response({"ok": True, "name": name.strip(), "display_name": await in_thread(_store(request).display_name, name.strip())})
    resp.cookies[COOKIE] = cookie
    for key, value in (("httponly", True), ("samesite", "Strict"), ("path", "/agent"), ("max-age", 12 * 3600)):
        resp.cookies[COOKIE][key] = value
    if request.app.ctx.settings.secure_cookie:
        resp.cookies[COOKIE]["secure"] = True
    return resp


async def logout(request: Request) -> HTTPResponse:
    await in_thread(_store(request).sign_out, request.cookies.get(COOKIE, ""))
    resp = json_response({"ok": True})
    resp.cookies[COOKIE] = ""
    resp.cookies[COOKIE]["path"] = "/agent"
    resp.cookies[COOKIE]["max-age"] = 0
    return resp


async def me(request: Request) -> HTTPResponse:
    name = request.ctx.agent
    return json_response({"ok": True, "name": name, "display_name": await in_thread(_store(request).display_name, name)})


async def queue(request: Request) -> HTTPResponse:
    now = now_utc()
    items = [h.public(now) for h in await in_thread(_store(request).queue)]
    return json_response({"ok": True, "queue": items})


def _conversation(request: Request, handoff: Handoff) -> list:
    if not handoff.session_key:
        return []
    return request.app.ctx.sessions.conversation(handoff.session_key, handoff.conversation_id)


async def show(request: Request, handoff_id: str) -> HTTPResponse:
    handoff = await in_thread(_store(request).get, handoff_id)
    if handoff is None or handoff.session_key is None:
        return _error(404, "not_found")
    await in_thread(_store(request).audit, request.ctx.agent, "view", handoff_id)
    return json_response({"ok": True, "handoff": {**handoff.public(now_utc()), "context": handoff.context},
                  "transcript": await in_thread(_conversation, request, handoff)})


async def act(request: Request, handoff_id: str, action: str) -> HTTPResponse:
    """claim, close or return; the customer hears about close and return in their language."""
    store = _store(request)
    done = await in_thread(store.transition, handoff_id, action, request.ctx.agent)
    if done is None:
        return _error(409, "not_allowed")
    if done.status in (Status.CLOSED, Status.RETURNED) and done.session_key:
        key = "handoff.closed" if done.status == Status.CLOSED else "handoff.returned"
        await in_thread(request.app.ctx.sessions.append, done.session_key, done.conversation_id, "bot",
                  t(key, done.language))
    return json_response({"ok": True, "handoff": done.public(now_utc())})


async def claim(request: Request, handoff_id: str) -> HTTPResponse:
    return await act(request, handoff_id, "claim")


async def close(request: Request, handoff_id: str) -> HTTPResponse:
    return await act(request, handoff_id, "close")


async def give_back(request: Request, handoff_id: str) -> HTTPResponse:
    return await act(request, handoff_id, "return")


async def reply(request: Request, handoff_id: str) -> HTTPResponse:
    text = (_body(request) or {}).get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_REPLY_CHARS:
        return _error(422, "bad_text")
    store = _store(request)
    handoff = await in_thread(store.get, handoff_id)
    if handoff is None or handoff.status != Status.CLAIMED or handoff.agent != request.ctx.agent \
            or not handoff.session_key:
        return _error(409, "not_allowed")
    shown = await in_thread(store.display_name, request.ctx.agent)
    entry = await in_thread(request.app.ctx.sessions.append, handoff.session_key, handoff.conversation_id, "agent",
                      text.strip(), agent=shown)
    await in_thread(store.audit, request.ctx.agent, "reply", handoff_id, {"message_id": entry["id"]})
    return json_response({"ok": True, "message": entry})


async def strings(request: Request) -> HTTPResponse:
    """The inbox's labels from the one catalogue (``bot.web.strings``)."""
    return raw(request.app.ctx.agent_strings_js, content_type="application/javascript; charset=utf-8",
               headers={"Cache-Control": "public, max-age=300"})


def register(app: Sanic) -> None:
    app.ctx.agent_strings_js = agent_strings_js().encode("utf-8")
    app.add_route(page, "/agent", methods=["GET", "HEAD"])
    app.add_route(strings, "/agent/i18n.js", methods=["GET", "HEAD"])
    app.add_route(login, "/agent/api/login", methods=["POST"])
    app.add_route(logout, "/agent/api/logout", methods=["POST"])
    app.add_route(me, "/agent/api/me", methods=["GET"])
    app.add_route(queue, "/agent/api/queue", methods=["GET"])
    app.add_route(show, "/agent/api/handoffs/<handoff_id:str>", methods=["GET"])
    app.add_route(claim, "/agent/api/handoffs/<handoff_id:str>/claim", methods=["POST"])
    app.add_route(reply, "/agent/api/handoffs/<handoff_id:str>/reply", methods=["POST"])
    app.add_route(close, "/agent/api/handoffs/<handoff_id:str>/close", methods=["POST"])
    app.add_route(give_back, "/agent/api/handoffs/<handoff_id:str>/return", methods=["POST"])
    app.register_middleware(guard, "request")
