"""The support page's backend: the page, the widget (also for host sites) and a small JSON API.

Why a backend at all: the widget must never hold the token secret or a token,
and must not be able to pick its identity. The backend keeps the session in the
database, mints a short-lived customer token per message for the customer the
session is bound to (by the host site's signed JWT, or the demo switcher under
``make run``), and forwards to Rasa's REST channel. Rasa failures never surface
as 5xx: the widget gets a localized "temporarily unavailable" answer and the
message is kept for "try again".

Two ways in: the page served here (same origin, HttpOnly cookie), and the widget
embedded on an allow-listed host site (cross-origin, CORS, the session id as a
bearer value kept by the widget). Limits are per client address and per session.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import uuid
from pathlib import Path
from typing import Any, Dict, Tuple, TypeVar

import aiohttp
from sanic import Sanic
from sanic.exceptions import NotFound, PayloadTooLarge, SanicException
from sanic.handlers import ErrorHandler
from sanic.request import Request
from sanic.response import HTTPResponse, empty, file, raw

from bot.auth import issue_token
from bot.data.store import Store
from bot.handoff.rules import Status
from bot.handoff.store import HandoffStore
from bot.i18n import normalise_lang, t
from bot.web import agent, customers, rasa_client
from bot.web.identity import IdentityError, verify_host_token
from bot.web.ratelimit import SlidingWindowLimiter
from bot.web.responses import in_thread, json_response, request_ip
from bot.web.security import apply_cors_headers, apply_security_headers, is_same_origin
from bot.web.sessions import ChatSession, SessionStore, session_key
from bot.web.settings import WebSettings
from bot.web.strings import widget_strings_js

log = logging.getLogger(__name__)
T = TypeVar("T")

STATIC_DIR = Path(__file__).with_name("static")
COOKIE_NAME = "support_sid"
MAX_DISPLAY_CHARS = 200
PURGE_EVERY_S = 600
LONG_POLL_S = 20.0  # an open /api/updates request waits at most this long for news
POLL_STEP_S = 0.5
MAX_CONTACT_CHARS = 1000
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,185}\.[^@\s]{2,}$")


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
        session = getattr(getattr(request, "ctx", None), "session", None)
        lang = session.language if session else None
        if isinstance(exception, ApiError):
            resp = exception.response()
        elif isinstance(exception, PayloadTooLarge):
            resp = ApiError(413, "too_large", "web.body_too_large", lang).response()
        elif isinstance(exception, (NotFound, FileNotFoundError, IsADirectoryError)):
            resp = json_response({"ok": False, "error": "not_found"}, status=404)
        elif isinstance(exception, SanicException) and exception.status_code == 503:
            resp = json_response({"ok": False, "error": "unavailable"}, status=503)  # shutting down
        elif isinstance(exception, SanicException) and exception.status_code < 500:
            resp = ApiError(exception.status_code, "bad_request", "web.bad_request", lang).response()
        else:
            log.error("unexpected error: %s", type(exception).__name__, exc_info=exception)
            resp = json_response({"ok": False, "error": "internal"}, status=500)
        if request is not None:
            _finish(request, resp)
        return resp


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


# --- who is asking ---------------------------------------------------------------

def _presented_id(request: Request) -> str | None:
    """The session id: a bearer value from an embedded widget, else our page's cookie."""
    if getattr(request.ctx, "cross_origin", None):
        auth = request.headers.get("authorization", "")
        return auth[7:].strip() if auth.lower().startswith("bearer ") else None
    return request.cookies.get(COOKIE_NAME)


async def _session(request: Request) -> Tuple[str, ChatSession]:
    if getattr(request.ctx, "session", None) is not None:
        return request.ctx.sid, request.ctx.session
    store: SessionStore = request.app.ctx.sessions
    sid = _presented_id(request)
    session = await in_thread(store.get, sid) if sid else None
    if session is None or sid is None:
        sid, session = store.create()
        request.ctx.new_sid = sid
    request.ctx.sid, request.ctx.session = sid, session
    return sid, session


def _limit(request: Request, limiter_name: str, key: str, lang: str | None) -> None:
    if not getattr(request.app.ctx, limiter_name).allow(key):
        raise ApiError(429, "rate_limited", "web.rate_limited", lang)


async def _guard_post(request: Request, *, creates: bool = True) -> Tuple[str, ChatSession, Dict[str, Any]]:
    """Every POST: session, per-session and per-address limits, a strict JSON body.

    ``creates``: this call will store a new session if there is none, which counts
    against the per-address allowance of new sessions (a browser needs one; a
    script without a cookie gets a handful, not an unlimited supply).
    """
    sid, session = await _session(request)
    lang, ip = session.language, request_ip(request)
    _limit(request, "ip_post_limiter", ip, lang)
    if session.stored:
        _limit(request, "post_limiter", sid, lang)
    elif creates:
        _limit(request, "new_session_limiter", ip, lang)
    return sid, session, _read_body(request, lang)


# --- state -------------------------------------------------------------------------

def _demo_customers(app: Sanic) -> list:
    return customers.demo_customers(app.ctx.settings.db_url)


def _customer_public(app: Sanic, customer_id: str | None) -> dict | None:
    """Id and display name of the bound customer (blocking: call through ``in_thread``)."""
    if not customer_id:
        return None
    if app.ctx.settings.demo:
        match = next((c for c in _demo_customers(app) if c.id == customer_id), None)
        if match:
            return match.public()
    found = Store(app.ctx.settings.db_url).get_customer(customer_id)
    return {"id": customer_id, "name": found.name if found else customer_id}


async def _state(request: Request, session: ChatSession) -> Dict[str, Any]:
    app = request.app
    state = {"ok": True, "sender_id": session.sender_id, "language": session.language,
             "customer": await in_thread(_customer_public, app, session.customer_id),
             "transcript": session.transcript, "pending": session.pending,
             "handoff": await in_thread(_handoff_state, app, request.ctx.sid, session),
             "demo_signin": app.ctx.settings.demo}
    return _with_token(request, state)


def _handoff_state(app: Sanic, sid: str, session: ChatSession) -> Dict[str, Any] | None:
    """This conversation's hand-off as the widget shows it (blocking)."""
    if not session.handoff_id or not session.stored:
        return None
    handoff = app.ctx.handoffs.get(session.handoff_id)
    if handoff is None or handoff.session_key != session_key(sid) or handoff.conversation_id != session.sender_id:
        return None
    agent = app.ctx.handoffs.display_name(handoff.agent) if handoff.agent else None
    return {"id": handoff.id, "status": handoff.status.value, "agent": agent}


def _link_handoffs(app: Sanic, sid: str, session: ChatSession, replies: list) -> None:
    """A reply that queued a hand-off ties it to this page session (blocking)."""
    for reply in replies:
        queued = reply.get("handoff")
        if queued and app.ctx.handoffs.link(queued["queue_id"], session.sender_id, session_key(sid)):
            session.handoff_id = queued["queue_id"]


def _with_token(request: Request, body: Dict[str, Any]) -> Dict[str, Any]:
    """An embedded widget gets its new session id in the body (it has no cookie)."""
    sid = getattr(request.ctx, "new_sid", None)
    session = getattr(request.ctx, "session", None)
    if sid and getattr(request.ctx, "cross_origin", None) and session is not None and session.stored:
        body["session_token"] = sid
    return body


async def _save(request: Request, sid: str, session: ChatSession) -> None:
    await in_thread(request.app.ctx.sessions.save, sid, session)


def _http(app: Sanic) -> aiohttp.ClientSession:
    """One pooled client per app, created lazily inside the serving loop."""
    if getattr(app.ctx, "http", None) is None or app.ctx.http.closed:
        app.ctx.http = aiohttp.ClientSession()
    return app.ctx.http


def _optional_str(value: Any, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


# --- pages and widget ----------------------------------------------------------------

async def index(request: Request) -> HTTPResponse:
    return await file(STATIC_DIR / "index.html", mime_type="text/html; charset=utf-8")


async def index_en(request: Request) -> HTTPResponse:
    return await file(STATIC_DIR / "index.en.html", mime_type="text/html; charset=utf-8")


async def embed_js(request: Request) -> HTTPResponse:
    """The one script a host site includes: the widget's strings and code together."""
    body = request.app.ctx.embed_js
    return raw(body, content_type="application/javascript; charset=utf-8",
               headers={"Cache-Control": "public, max-age=300"})


async def health(request: Request) -> HTTPResponse:
    return json_response({"ok": True})


# --- API -----------------------------------------------------------------------------

async def get_session(request: Request) -> HTTPResponse:
    _, session = await _session(request)
    return json_response(await _state(request, session))


async def get_demo_customers(request: Request) -> HTTPResponse:
    enabled = request.app.ctx.settings.demo
    found = [c.public() for c in await in_thread(_demo_customers, request.app)] if enabled else []
    return json_response({"ok": True, "enabled": enabled, "customers": found})


async def signin(request: Request) -> HTTPResponse:
    """Demo only: pick a demo customer. Outside demo mode identity comes from the host site."""
    sid, session, body = await _guard_post(request)
    lang = session.language
    if not request.app.ctx.settings.demo:
        raise ApiError(403, "signin_disabled", "web.signin_disabled", lang)
    _limit(request, "signin_limiter", request_ip(request), lang)
    wanted = body.get("customer_id")
    known = {c.id for c in await in_thread(_demo_customers, request.app)}
    if wanted is not None and (not isinstance(wanted, str) or wanted not in known):
        raise ApiError(400, "unknown_customer", "web.unknown_customer", lang)
    _bind(session, wanted)
    await _save(request, sid, session)
    return json_response(await _state(request, session))


def _bind(session: ChatSession, customer_id: str | None) -> None:
    if customer_id != session.customer_id:
        session.customer_id = customer_id
        session.restart()  # a new identity never inherits the previous conversation


async def identify(request: Request) -> HTTPResponse:
    """Bind the session to the customer the host site vouches for (``user_jwt``), or to nobody.

    ``null`` means the host's visitor is not signed in (or signed out): a session
    bound to a customer is then unbound and starts a new conversation.
    """
    sid, session, body = await _guard_post(request, creates=False)
    settings: WebSettings = request.app.ctx.settings
    lang = session.language
    if not settings.host_secret:
        raise ApiError(403, "identity_disabled", "web.signin_disabled", lang)
    token = body.get("user_jwt")
    customer_id = None
    if token is not None:
        _limit(request, "signin_limiter", request_ip(request), lang)
        try:
            customer_id = verify_host_token(token, settings.host_secret)
        except IdentityError as exc:
            log.info("host identity token rejected: %s", exc)
            if session.customer_id:
                _bind(session, None)
                await _save(request, sid, session)
            raise ApiError(401, "identity_invalid", "web.identity_invalid", lang) from None
    if customer_id and not session.stored:
        _limit(request, "new_session_limiter", request_ip(request), lang)
    _bind(session, customer_id)
    if session.stored or customer_id:
        await _save(request, sid, session)
    return json_response(await _state(request, session))


async def restart(request: Request) -> HTTPResponse:
    sid, session, _ = await _guard_post(request)
    session.restart()
    await _save(request, sid, session)
    return json_response(await _state(request, session))


async def chat(request: Request) -> HTTPResponse:
    sid, session, body = await _guard_post(request)
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
    _limit(request, "limiter", sid, lang)
    _limit(request, "ip_chat_limiter", request_ip(request), lang)
    if session.message_count >= settings.max_messages:
        raise ApiError(422, "conversation_full", "web.conversation_full", lang)
    display = _optional_str(body.get("display"), MAX_DISPLAY_CHARS)
    reply_to = _optional_str(body.get("reply_to"), 64)
    held = await in_thread(_handoff_state, request.app, sid, session)
    if held and held["status"] in (Status.WAITING.value, Status.CLAIMED.value):
        # A person holds the conversation: the message is for them, not for Rasa.
        user = session.add("user", display or message)
        await _save(request, sid, session)
        return json_response(_with_token(request, {"ok": True, "user": user, "messages": [], "handoff": held}))
    if message.strip() == "/human_handoff":
        await in_thread(request.app.ctx.sessions.record_feedback, sid, "handoff")
    token = (issue_token(session.customer_id, settings.token_ttl_s, secret=settings.token_secret)
             if session.customer_id else None)
    payload = rasa_client.build_payload(session.sender_id, message, lang, token)
    replies = await rasa_client.send(_http(request.app), settings.rasa_url, payload, settings.rasa_timeout_s)
    if replies is None:
        session.pending = {"message": message, "display": display, "reply_to": reply_to}
        await _save(request, sid, session)
        return json_response(_with_token(request, {
            "ok": False, "error": "unavailable", "pending": session.pending,
            "messages": [{"text": t("web.unavailable", lang)}]}))
    result = _record_exchange(session, message, display, reply_to, replies)
    await _save(request, sid, session)
    if any("handoff" in r for r in replies):
        await in_thread(_link_handoffs, request.app, sid, session, replies)
        await _save(request, sid, session)
        result["handoff"] = await in_thread(_handoff_state, request.app, sid, session)
    return json_response(_with_token(request, result))


async def updates(request: Request) -> HTTPResponse:
    """Long poll: messages after ``after`` (agent replies, notices) and the hand-off state.

    Answers as soon as there is something new, else after ``LONG_POLL_S``; the widget
    asks again at once (and after a short pause when a request fails), so replies
    appear within about a second and a dropped connection heals by itself. State is
    read from the database each time, so any backend instance can answer.
    """
    sid, session = await _session(request)
    if not session.stored:
        return json_response({"ok": True, "messages": [], "handoff": None})
    after = _optional_str(request.args.get("after"), 64)
    known = _optional_str(request.args.get("status"), 16)
    store: SessionStore = request.app.ctx.sessions
    deadline = time.monotonic() + LONG_POLL_S
    while True:
        state = await in_thread(_handoff_state, request.app, sid, session)  # first: news then covers it
        news = await in_thread(store.messages_after, sid, session.sender_id, after) if after else []
        changed = (state or {}).get("status") != known or bool(news)
        if changed or time.monotonic() >= deadline or request.transport.is_closing():
            return json_response({"ok": True, "messages": news, "handoff": state})
        await asyncio.sleep(POLL_STEP_S)


async def contact(request: Request) -> HTTPResponse:
    """Nobody was there: keep the customer's email and message for the agents' inbox."""
    sid, session, body = await _guard_post(request, creates=False)
    lang = session.language
    state = await in_thread(_handoff_state, request.app, sid, session)
    email, text = body.get("email"), body.get("message")
    if not state or state["status"] != Status.UNATTENDED.value:
        raise ApiError(409, "no_open_request", "web.bad_request", lang)
    if not isinstance(email, str) or not EMAIL_RE.match(email.strip()) or not isinstance(text, str) \
            or not text.strip() or len(text) > MAX_CONTACT_CHARS:
        raise ApiError(422, "bad_contact", "web.bad_contact", lang, limit=MAX_CONTACT_CHARS)
    done = await in_thread(request.app.ctx.handoffs.transition, state["id"], "leave_message", None, None,
                     contact_email=email.strip(), contact_message=text.strip())
    if done is None:
        raise ApiError(409, "no_open_request", "web.bad_request", lang)
    saved = session.add("bot", t("handoff.message_saved", lang, email=email.strip()))
    await _save(request, sid, session)
    return json_response({"ok": True, "messages": [saved],
                          "handoff": await in_thread(_handoff_state, request.app, sid, session)})


def _record_exchange(session: ChatSession, message: str, display: str | None,
                     reply_to: str | None, replies: list) -> Dict[str, Any]:
    answered = session.find(reply_to) if reply_to else None
    if answered and answered.get("role") == "bot":
        answered["used"] = True
        session.touch(answered)
    user = session.add("user", display or message)
    bots = [session.add("bot", r["text"], **{k: v for k, v in r.items() if k != "text"}) for r in replies]
    switched = [r["set_language"] for r in replies if "set_language" in r]
    if switched:
        session.language = switched[-1]
    session.pending = None
    return {"ok": True, "user": user, "messages": bots, "language": session.language}


async def rate(request: Request) -> HTTPResponse:
    sid, session, body = await _guard_post(request, creates=False)
    message_id, rating = body.get("message_id"), body.get("rating")
    target = session.find(message_id) if isinstance(message_id, str) else None
    if target is None or target.get("role") != "bot":
        raise ApiError(404, "unknown_message", "web.unknown_message", session.language)
    if rating not in ("up", "down"):
        raise ApiError(400, "bad_request", "web.bad_request", session.language)
    target["rating"] = rating
    session.touch(target)
    await _save(request, sid, session)
    await in_thread(request.app.ctx.sessions.record_feedback, sid, "rating", message_id, rating)
    return json_response({"ok": True, "message_id": message_id, "rating": rating})


# --- middleware and lifecycle ----------------------------------------------------------

async def _check_origin(request: Request) -> HTTPResponse | None:
    """API calls from another origin must come from an allow-listed host site.

    Our own page sends no Origin on GETs and its own on POSTs; a host site's widget
    sends its origin and is then served by CORS with a bearer session id. Any other
    origin is refused before any work is done.
    """
    if not request.path.startswith("/api/"):
        return None
    origin = request.headers.get("origin")
    if not origin or is_same_origin(origin, request.host):
        return None
    if origin.lower() in request.app.ctx.settings.allowed_origins:
        request.ctx.cross_origin = origin
        if request.method == "OPTIONS":  # the preflight: answered here, whatever the route
            resp = empty(status=204)
            apply_security_headers(resp, request.path)
            apply_cors_headers(resp, origin)
            return resp
        return None
    resp = ApiError(403, "forbidden_origin", "web.forbidden_origin", None).response()
    apply_security_headers(resp, request.path)
    return resp


def _finish(request: Request, response: HTTPResponse) -> None:
    apply_security_headers(response, request.path)
    cross = getattr(request.ctx, "cross_origin", None)
    if cross:
        apply_cors_headers(response, cross)
        return
    sid = getattr(request.ctx, "new_sid", None)
    session = getattr(request.ctx, "session", None)
    if sid and session is not None and session.stored:
        response.cookies[COOKIE_NAME] = sid
        cookie = response.cookies[COOKIE_NAME]
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["path"] = "/"
        cookie["max-age"] = int(request.app.ctx.settings.session_ttl.total_seconds())
        if request.app.ctx.settings.secure_cookie:
            cookie["secure"] = True


async def _purge_loop(app: Sanic) -> None:
    """Expired sessions leave the database in the background, a batch at a time."""
    while True:
        try:
            await in_thread(app.ctx.sessions.purge_expired)
        except Exception as exc:  # noqa: BLE001 - a failed purge must not stop the server
            log.warning("session purge failed: %s", type(exc).__name__)
        await asyncio.sleep(PURGE_EVERY_S)


async def _start_purge(app: Sanic, _loop: Any) -> None:
    app.ctx.purge_task = asyncio.get_running_loop().create_task(_purge_loop(app))


async def _stop(app: Sanic, _loop: Any) -> None:
    task = getattr(app.ctx, "purge_task", None)
    if task is not None:
        task.cancel()
    http = getattr(app.ctx, "http", None)
    if http is not None and not http.closed:
        await http.close()


def _limiters(app: Sanic, settings: WebSettings) -> None:
    window = settings.rate_limit_window_s
    app.ctx.limiter = SlidingWindowLimiter(settings.rate_limit_count, window)  # messages per session
    app.ctx.post_limiter = SlidingWindowLimiter(3 * settings.rate_limit_count, window)  # any POST per session
    app.ctx.ip_chat_limiter = SlidingWindowLimiter(settings.chat_per_ip, 60)
    app.ctx.ip_post_limiter = SlidingWindowLimiter(3 * settings.chat_per_ip, 60)
    app.ctx.new_session_limiter = SlidingWindowLimiter(settings.new_sessions_per_ip, 60)
    app.ctx.signin_limiter = SlidingWindowLimiter(settings.signins_per_ip, 60)


def _embed_bundle() -> bytes:
    parts = [widget_strings_js(), (STATIC_DIR / "widget.js").read_text(encoding="utf-8")]
    return "\n".join(parts).encode("utf-8")


async def strings_js(request: Request) -> HTTPResponse:
    """The widget's strings from the one catalogue (``bot.web.strings``)."""
    return raw(request.app.ctx.strings_js, content_type="application/javascript; charset=utf-8",
               headers={"Cache-Control": "public, max-age=300"})


def create_app(rasa_url: str | None = None, db_url: str | None = None, *,
               settings: WebSettings | None = None) -> Sanic:
    """Build the backend. ``settings`` wins over the two shortcuts and the environment."""
    settings = settings or WebSettings.from_env(rasa_url, db_url)
    app = Sanic(f"support-web-{uuid.uuid4().hex[:12]}", error_handler=JsonErrorHandler())
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.ctx.settings = settings
    app.ctx.sessions = SessionStore(settings.db_url, settings.session_ttl)
    app.ctx.handoffs = HandoffStore(settings.db_url)
    app.ctx.embed_js = _embed_bundle()
    app.ctx.strings_js = widget_strings_js().encode("utf-8")
    _limiters(app, settings)
    app.ctx.http = None
    app.add_route(index, "/", methods=["GET", "HEAD"])
    app.add_route(index_en, "/en", methods=["GET", "HEAD"])
    app.add_route(embed_js, "/embed.js", methods=["GET", "HEAD"])
    app.add_route(strings_js, "/widget-i18n.js", methods=["GET", "HEAD"])
    app.add_route(health, "/healthz", methods=["GET", "HEAD"])
    app.add_route(get_session, "/api/session", methods=["GET"])
    app.add_route(get_demo_customers, "/api/demo-customers", methods=["GET"])
    app.add_route(signin, "/api/signin", methods=["POST"])
    app.add_route(identify, "/api/identify", methods=["POST"])
    app.add_route(restart, "/api/restart", methods=["POST"])
    app.add_route(chat, "/api/chat", methods=["POST"])
    app.add_route(rate, "/api/feedback", methods=["POST"])
    app.add_route(updates, "/api/updates", methods=["GET"])
    app.add_route(contact, "/api/contact", methods=["POST"])
    agent.register(app)
    app.static("/static", str(STATIC_DIR))
    app.register_middleware(_check_origin, "request")
    app.register_middleware(_finish, "response")
    app.register_listener(_start_purge, "after_server_start")
    app.register_listener(_stop, "before_server_stop")
    return app
