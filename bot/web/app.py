"""The support page's backend: static page + a small same-origin JSON API.

Why a backend at all: the widget must never hold the token secret or a token,
and must not be able to pick its identity. The backend keeps the session,
mints a short-lived customer token per message for the demo customer chosen in
the switcher, and forwards to Rasa's REST channel. Rasa failures never surface
as 5xx: the widget gets a localized "temporarily unavailable" answer and the
message is kept for "try again".
"""
from __future__ import annotations

import functools
import json
import logging
import uuid
from pathlib import Path
from typing import Any, Dict, Tuple

import aiohttp
from sanic import Sanic
from sanic.exceptions import NotFound, PayloadTooLarge, SanicException
from sanic.handlers import ErrorHandler
from sanic.request import Request
from sanic.response import HTTPResponse, file
from sanic.response import json as _sanic_json

from bot.auth import issue_token
from bot.i18n import normalise_lang, t
from bot.web import customers, feedback, rasa_client
from bot.web.ratelimit import SlidingWindowLimiter
from bot.web.security import apply_security_headers, same_origin
from bot.web.sessions import ChatSession, SessionStore
from bot.web.settings import WebSettings

log = logging.getLogger(__name__)


def json_response(body: Any, status: int = 200) -> HTTPResponse:
    """JSON with readable Vietnamese (no \\u escapes); Sanic's default escapes it."""
    return _sanic_json(body, status=status, dumps=functools.partial(json.dumps, ensure_ascii=False))

STATIC_DIR = Path(__file__).with_name("static")
COOKIE_NAME = "support_sid"
MAX_DISPLAY_CHARS = 200


class ApiError(Exception):
    """A request the API refuses, with a localized explanation for the widget."""

    def __init__(self, status: int, error: str, key: str, lang: str | None, **params: Any):
        super().__init__(error)
        self.status, self.error, self.key, self.lang, self.params = status, error, key, lang, params

    def response(self) -> HTTPResponse:
        text = t(self.key, self.lang, **self.params)
        return json_response({"ok": False, "error": self.error, "messages": [{"text": text}]},
                             status=self.status)


class JsonErrorHandler(ErrorHandler):
    """Every error is JSON with security headers, including Sanic's own 413/404."""

    def default(self, request: Request, exception: Exception) -> HTTPResponse:
        lang = _cookie_session_lang(request)
        if isinstance(exception, ApiError):
            resp = exception.response()
        elif isinstance(exception, PayloadTooLarge):
            resp = ApiError(413, "too_large", "web.body_too_large", lang).response()
        elif isinstance(exception, NotFound):
            resp = json_response({"ok": False, "error": "not_found"}, status=404)
        elif isinstance(exception, SanicException) and exception.status_code < 500:
            resp = ApiError(exception.status_code, "bad_request", "web.bad_request", lang).response()
        else:
            log.error("unexpected error: %s", type(exception).__name__, exc_info=exception)
            resp = json_response({"ok": False, "error": "internal"}, status=500)
        apply_security_headers(resp, request.path if request else "/api")
        return resp


def _cookie_session_lang(request: Request | None) -> str | None:
    store = getattr(getattr(request, "app", None), "ctx", None)
    store = getattr(store, "sessions", None)
    if request is None or store is None:
        return None
    session = store.get(request.cookies.get(COOKIE_NAME))
    return session.language if session else None


def _read_body(request: Request, lang: str | None) -> Dict[str, Any]:
    """Strict JSON object from UTF-8 bytes; anything else is a 400."""
    if not (request.content_type or "").startswith("application/json"):
        raise ApiError(415, "unsupported_media_type", "web.bad_request", lang)
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, "bad_request", "web.bad_request", lang) from exc
    if not isinstance(data, dict):
        raise ApiError(400, "bad_request", "web.bad_request", lang)
    return data


def _session(request: Request) -> Tuple[str, ChatSession]:
    store: SessionStore = request.app.ctx.sessions
    sid = request.cookies.get(COOKIE_NAME)
    session = store.get(sid)
    if session is None or sid is None:
        sid, session = store.create()
        request.ctx.new_sid = sid
    return sid, session


def _guard_post(request: Request) -> Tuple[str, ChatSession, Dict[str, Any]]:
    sid, session = _session(request)
    if not same_origin(request):
        raise ApiError(403, "forbidden_origin", "web.forbidden_origin", session.language)
    if not request.app.ctx.post_limiter.allow(sid):
        raise ApiError(429, "rate_limited", "web.rate_limited", session.language)
    body = _read_body(request, session.language)
    return sid, session, body


def _customer_public(app: Sanic, customer_id: str | None) -> dict | None:
    if not customer_id:
        return None
    match = next((c for c in _demo_customers(app) if c.id == customer_id), None)
    return match.public() if match else {"id": customer_id, "name": customer_id}


def _demo_customers(app: Sanic) -> list:
    settings: WebSettings = app.ctx.settings
    return customers.demo_customers(settings.db_url)


def _state(app: Sanic, session: ChatSession) -> Dict[str, Any]:
    return {"ok": True, "sender_id": session.sender_id, "language": session.language,
            "customer": _customer_public(app, session.customer_id), "transcript": session.transcript,
            "pending": session.pending, "demo_signin": app.ctx.settings.demo_signin}


def _http(app: Sanic) -> aiohttp.ClientSession:
    """One pooled client per app, created lazily inside the serving loop."""
    if getattr(app.ctx, "http", None) is None or app.ctx.http.closed:
        app.ctx.http = aiohttp.ClientSession()
    return app.ctx.http


def _optional_str(value: Any, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


async def index(request: Request) -> HTTPResponse:
    return await file(STATIC_DIR / "index.html", mime_type="text/html; charset=utf-8")


async def index_en(request: Request) -> HTTPResponse:
    return await file(STATIC_DIR / "index.en.html", mime_type="text/html; charset=utf-8")


async def health(request: Request) -> HTTPResponse:
    return json_response({"ok": True})


async def get_session(request: Request) -> HTTPResponse:
    _, session = _session(request)
    return json_response(_state(request.app, session))


async def get_demo_customers(request: Request) -> HTTPResponse:
    enabled = request.app.ctx.settings.demo_signin
    found = [c.public() for c in _demo_customers(request.app)] if enabled else []
    return json_response({"ok": True, "enabled": enabled, "customers": found})


async def signin(request: Request) -> HTTPResponse:
    sid, session, body = _guard_post(request)
    lang = session.language
    if not request.app.ctx.settings.demo_signin:
        raise ApiError(403, "signin_disabled", "web.signin_disabled", lang)
    wanted = body.get("customer_id")
    known = {c.id for c in _demo_customers(request.app)}
    if wanted is not None and (not isinstance(wanted, str) or wanted not in known):
        raise ApiError(400, "unknown_customer", "web.unknown_customer", lang)
    if wanted != session.customer_id:
        session.customer_id = wanted
        session.restart()  # a new identity never inherits the previous conversation
    request.app.ctx.sessions.save(sid, session)
    return json_response(_state(request.app, session))


async def restart(request: Request) -> HTTPResponse:
    sid, session, _ = _guard_post(request)
    session.restart()
    request.app.ctx.sessions.save(sid, session)
    return json_response(_state(request.app, session))


async def chat(request: Request) -> HTTPResponse:
    sid, session, body = _guard_post(request)
    settings: WebSettings = request.app.ctx.settings
    lang = normalise_lang(body.get("language"), session.language or "vi")
    session.language = lang
    message = body.get("message")
    if not isinstance(message, str):
        raise ApiError(400, "bad_request", "web.bad_request", lang)
    if not message.strip():
        raise ApiError(422, "empty", "web.empty", lang)
    if len(message) > settings.max_message_chars:
        raise ApiError(422, "too_long", "web.too_long", lang, length=len(message),
                       limit=settings.max_message_chars)
    if not request.app.ctx.limiter.allow(sid):
        raise ApiError(429, "rate_limited", "web.rate_limited", lang)
    display = _optional_str(body.get("display"), MAX_DISPLAY_CHARS)
    reply_to = _optional_str(body.get("reply_to"), 64)
    if message.strip() == "/human_handoff":
        feedback.record(request.app.ctx.feedback_path, sid, "handoff")
    token = issue_token(session.customer_id, settings.token_ttl_s) if session.customer_id else None
    payload = rasa_client.build_payload(session.sender_id, message, lang, token)
    replies = await rasa_client.send(_http(request.app), settings.rasa_url, payload, settings.rasa_timeout_s)
    if replies is None:
        session.pending = {"message": message, "display": display, "reply_to": reply_to}
        request.app.ctx.sessions.save(sid, session)
        return json_response({"ok": False, "error": "unavailable", "pending": session.pending,
                              "messages": [{"text": t("web.unavailable", lang)}]})
    return json_response(_record_exchange(request.app, sid, session, message, display, reply_to, replies))


def _record_exchange(app: Sanic, sid: str, session: ChatSession, message: str, display: str | None,
                     reply_to: str | None, replies: list) -> Dict[str, Any]:
    limit = app.ctx.settings.max_transcript
    answered = session.find(reply_to) if reply_to else None
    if answered and answered.get("role") == "bot":
        answered["used"] = True
    user = session.add("user", display or message, limit)
    bots = [session.add("bot", r["text"], limit, **{k: v for k, v in r.items() if k != "text"})
            for r in replies]
    switched = [r["set_language"] for r in replies if "set_language" in r]
    if switched:
        session.language = switched[-1]
    session.pending = None
    app.ctx.sessions.save(sid, session)
    return {"ok": True, "user": user, "messages": bots, "language": session.language}


async def rate(request: Request) -> HTTPResponse:
    sid, session, body = _guard_post(request)
    message_id, rating = body.get("message_id"), body.get("rating")
    target = session.find(message_id) if isinstance(message_id, str) else None
    if target is None or target.get("role") != "bot":
        raise ApiError(404, "unknown_message", "web.unknown_message", session.language)
    if rating not in ("up", "down"):
        raise ApiError(400, "bad_request", "web.bad_request", session.language)
    target["rating"] = rating
    request.app.ctx.sessions.save(sid, session)
    feedback.record(request.app.ctx.feedback_path, sid, "rating", message_id=message_id, rating=rating)
    return json_response({"ok": True, "message_id": message_id, "rating": rating})


def _finish(request: Request, response: HTTPResponse) -> None:
    apply_security_headers(response, request.path)
    sid = getattr(request.ctx, "new_sid", None)
    if sid:
        response.cookies[COOKIE_NAME] = sid
        cookie = response.cookies[COOKIE_NAME]
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["path"] = "/"
        cookie["max-age"] = 7 * 24 * 3600
        if request.app.ctx.settings.secure_cookie:
            cookie["secure"] = True


async def _close_http(app: Sanic, _loop: Any) -> None:
    http = getattr(app.ctx, "http", None)
    if http is not None and not http.closed:
        await http.close()


def create_app(rasa_url: str | None = None, db_url: str | None = None, *,
               settings: WebSettings | None = None) -> Sanic:
    """Build the backend. ``settings`` wins over the two shortcuts and the environment."""
    settings = settings or WebSettings.from_env(rasa_url, db_url)
    app = Sanic(f"support-web-{uuid.uuid4().hex[:12]}", error_handler=JsonErrorHandler())
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.ctx.settings = settings
    app.ctx.sessions = SessionStore(settings.state_dir / "web_sessions.json")
    app.ctx.limiter = SlidingWindowLimiter(settings.rate_limit_count, settings.rate_limit_window_s)
    # Every POST (sign-in, feedback, restart) also counts against a looser limit.
    app.ctx.post_limiter = SlidingWindowLimiter(3 * settings.rate_limit_count, settings.rate_limit_window_s)
    app.ctx.feedback_path = settings.state_dir / "feedback.jsonl"
    app.ctx.http = None
    app.add_route(index, "/", methods=["GET"])
    app.add_route(index_en, "/en", methods=["GET"])
    app.add_route(health, "/healthz", methods=["GET"])
    app.add_route(get_session, "/api/session", methods=["GET"])
    app.add_route(get_demo_customers, "/api/demo-customers", methods=["GET"])
    app.add_route(signin, "/api/signin", methods=["POST"])
    app.add_route(restart, "/api/restart", methods=["POST"])
    app.add_route(chat, "/api/chat", methods=["POST"])
    app.add_route(rate, "/api/feedback", methods=["POST"])
    app.static("/static", str(STATIC_DIR))
    app.register_middleware(_finish, "response")
    app.register_listener(_close_http, "after_server_stop")
    return app
