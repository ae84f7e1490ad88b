"""Every environment variable the project reads, named once, parsed strictly.

Why one module: the action server, the Rasa server, the page backend and the CLIs
must never disagree about "today", the database or the secrets, and an operator
needs one table to read (the README's is generated from ``VARIABLES`` and checked
by a test). A bad value stops start-up with the variable's name instead of being
silently replaced by a default.

Demo mode (``SUPPORT_DEMO=1``, set by ``make run`` and ``make shell`` unless the
environment says otherwise) is the only place secrets may be made up: a random
per-checkout secret kept in ``var/``. Everywhere else a missing secret is an error
at start-up (``require``), never a public fallback.
"""
from __future__ import annotations

import functools
import ipaddress
import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
STATE_DIR = ROOT / "var"
DEFAULT_DB_URL = "sqlite:///var/support.db"
MIN_SECRET_CHARS = 32
FLAG_WORDS = {"1": True, "true": True, "yes": True, "on": True,
              "0": False, "false": False, "no": False, "off": False}


class ConfigError(RuntimeError):
    """A variable is missing or malformed; the message names it."""


# --- parsers: raw string -> value, ValueError with a reason on bad input ---------

def _text(raw: str) -> str:
    return raw.strip()


def _flag(raw: str) -> bool:
    try:
        return FLAG_WORDS[raw.strip().lower()]
    except KeyError:
        raise ValueError("expected 1/0, true/false, yes/no or on/off") from None


def _int_in(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        value = int(raw.strip())
        if not low <= value <= high:
            raise ValueError(f"expected an integer from {low} to {high}")
        return value
    return parse


def _float_in(low: float, high: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        value = float(raw.strip())
        if not low <= value <= high:
            raise ValueError(f"expected a number from {low:g} to {high:g}")
        return value
    return parse


def _iso_date(raw: str) -> date:
    return date.fromisoformat(raw.strip())


def _http_url(raw: str) -> str:
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("expected an http(s) URL")
    return raw.strip().rstrip("/")


def _origins(raw: str) -> Tuple[str, ...]:
    """Comma-separated ``scheme://host[:port]`` origins, exactly as browsers send them."""
    found = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        parts = urlsplit(item)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
            raise ValueError(f"{item!r} is not an origin like https://support.example.com")
        found.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return tuple(found)


def _networks(raw: str) -> Tuple[ipaddress._BaseNetwork, ...]:
    return tuple(ipaddress.ip_network(part.strip(), strict=False)
                 for part in raw.split(",") if part.strip())


def _secret(raw: str) -> str:
    value = raw.strip()
    if len(value) < MIN_SECRET_CHARS:
        raise ValueError(f"a secret needs at least {MIN_SECRET_CHARS} characters")
    return value


def _hours(raw: str) -> str:
    from bot.handoff.rules import parse_hours

    parse_hours(raw)
    return raw.strip()


def _zone(raw: str) -> str:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(raw.strip())
    except Exception:  # noqa: BLE001 - ZoneInfo raises several kinds for a bad name
        raise ValueError("expected an IANA time zone such as Asia/Ho_Chi_Minh") from None
    return raw.strip()


@dataclass(frozen=True)
class Variable:
    name: str
    parse: Callable[[str], Any]
    default: Any
    meaning: str
    shown_default: str = ""

    def read(self, environ: Dict[str, str] | None = None) -> Any:
        raw = (os.environ if environ is None else environ).get(self.name)
        if raw is None or not raw.strip():
            return self.default
        try:
            return self.parse(raw)
        except ValueError as exc:
            shown = "<hidden>" if "SECRET" in self.name else repr(raw)
            raise ConfigError(f"{self.name}: {exc} (got {shown})") from None


_VARS: List[Variable] = [
    Variable("SUPPORT_DB_URL", _text, DEFAULT_DB_URL,
             "SQLAlchemy URL of the order database; the page's sessions and feedback live there too",
             "`sqlite:///var/support.db`"),
    Variable("SUPPORT_TODAY", _iso_date, None,
             "ISO date used as \"today\" by every eligibility and billing decision", "the real date"),
    Variable("SUPPORT_TOKEN_SECRET", _secret, None,
             "HS256 secret for customer tokens and anonymous order grants (32+ characters)",
             "demo mode: random per checkout in `var/`; otherwise required"),
    Variable("SUPPORT_HOST_SECRET", _secret, None,
             "HS256 secret shared with the host site that signs its signed-in customer's id "
             "(see bot/web/README.md, \"Embedding on your site\")",
             "demo mode: random per checkout in `var/`; otherwise required by the page backend"),
    Variable("SUPPORT_DEMO", _flag, False,
             "demo mode: the page's customer switcher and made-up secrets; `make run` and `make shell` set it",
             "`0` (`1` under `make run`/`make shell`)"),
    Variable("SUPPORT_ALLOWED_ORIGINS", _origins, (),
             "comma-separated origins of host sites allowed to embed the widget", "none"),
    Variable("SUPPORT_TRUSTED_PROXIES", _networks, (),
             "comma-separated addresses/networks of reverse proxies whose `X-Forwarded-For` is believed",
             "none"),
    Variable("SUPPORT_RASA_URL", _http_url, "http://127.0.0.1:5005",
             "where the page backend forwards messages", "`http://127.0.0.1:5005`"),
    Variable("SUPPORT_RASA_TIMEOUT", _float_in(1, 600), 60.0, "seconds the page waits for Rasa", "`60`"),
    Variable("SUPPORT_WEB_HOST", _text, "127.0.0.1", "page backend address", "`127.0.0.1`"),
    Variable("SUPPORT_WEB_PORT", _int_in(1, 65535), 8080, "page backend port", "`8080`"),
    Variable("SUPPORT_WEB_RATE_LIMIT", _int_in(1, 10_000), 20,
             "messages per session per 10 s", "`20`"),
    Variable("SUPPORT_WEB_IP_RATE_LIMIT", _int_in(1, 1_000_000), 100,
             "messages per client address per minute (people behind one NAT share it)", "`100`"),
    Variable("SUPPORT_WEB_IP_NEW_SESSIONS", _int_in(1, 1_000_000), 10,
             "new chat sessions, and sign-ins, per client address per minute", "`10`"),
    Variable("SUPPORT_WEB_SECURE_COOKIE", _flag, False,
             "`1` adds `Secure` to the page's cookie (behind HTTPS)", "`0`"),
    Variable("SUPPORT_MAX_BODY_BYTES", _int_in(1024, 1_048_576), 16 * 1024,
             "largest request body the page and the REST channel accept", "`16384`"),
    Variable("SUPPORT_SESSION_TTL_HOURS", _int_in(1, 24 * 90), 7 * 24,
             "a page session unused this long is gone", "`168`"),
    Variable("SUPPORT_SESSION_MAX_MESSAGES", _int_in(10, 100_000), 400,
             "messages one page session may hold; then the customer is asked to start over", "`400`"),
    Variable("SUPPORT_VERIFY_COOLDOWN_MINUTES", _int_in(1, 7 * 24 * 60), 60,
             "after 3 wrong emails for an order, how long that order's check stays locked", "`60`"),
    Variable("SUPPORT_AGENT_HOURS", _hours, "",
             "when people answer hand-offs, e.g. `Mon-Fri 08:00-17:30`; outside them the assistant says "
             "nobody is there", "always"),
    Variable("SUPPORT_AGENT_TIMEZONE", _zone, "Asia/Ho_Chi_Minh", "time zone of `SUPPORT_AGENT_HOURS`",
             "`Asia/Ho_Chi_Minh`"),
    Variable("SUPPORT_MODEL", _text, None, "model file to serve and test instead of the newest in `models/`",
             "newest `models/*.tar.gz`"),
]
VARIABLES: Dict[str, Variable] = {v.name: v for v in _VARS}


def get(name: str, environ: Dict[str, str] | None = None) -> Any:
    """The parsed value of one variable (its default when unset or blank)."""
    return VARIABLES[name].read(environ)


def check_all(environ: Dict[str, str] | None = None) -> None:
    """Parse every variable once, so start-up fails on the first bad one."""
    for variable in _VARS:
        variable.read(environ)


# --- the three contract variables -------------------------------------------------

def db_url() -> str:
    """SQLAlchemy URL of the order database (``SUPPORT_DB_URL``)."""
    return str(get("SUPPORT_DB_URL"))


def today() -> date:
    """The date every eligibility and billing decision uses (``SUPPORT_TODAY``).

    A malformed value is a configuration error and fails loudly rather than
    silently deciding refunds against the wrong date.
    """
    return get("SUPPORT_TODAY") or date.today()


def demo_mode() -> bool:
    return bool(get("SUPPORT_DEMO"))


def token_secret() -> str:
    """HS256 secret for customer tokens (``SUPPORT_TOKEN_SECRET``)."""
    return _secret_or_demo("SUPPORT_TOKEN_SECRET", "token_secret")


def host_secret() -> str:
    """HS256 secret the host site signs its customer's id with (``SUPPORT_HOST_SECRET``)."""
    return _secret_or_demo("SUPPORT_HOST_SECRET", "host_secret")


def require(*names: str) -> None:
    """Start-up check: every variable parses and each named secret is available."""
    check_all()
    for name in names:
        _secret_or_demo(name, name.removeprefix("SUPPORT_").lower())


def _secret_or_demo(name: str, file_stem: str) -> str:
    value = get(name)
    if value:
        return str(value)
    if demo_mode():
        return demo_secret(file_stem)
    raise ConfigError(
        f"{name} is not set. Set it to a random value of at least {MIN_SECRET_CHARS} characters "
        f"(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))'), "
        f"or run the local demo with `make run`, which sets SUPPORT_DEMO=1.")


@functools.cache
def demo_secret(stem: str, state_dir: Path | None = None) -> str:
    """This checkout's random demo secret, created once (0600) and shared by every process.

    ``O_EXCL`` makes the first process to arrive the one that writes it; the others
    read what it wrote, so processes started together still agree.
    """
    path = (state_dir or STATE_DIR) / f"demo_{stem}"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_when_written(path)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


def _read_when_written(path: Path) -> str:
    import time

    for _ in range(100):  # another process may be between create and write
        value = path.read_text(encoding="ascii").strip()
        if len(value) >= MIN_SECRET_CHARS:
            return value
        time.sleep(0.01)
    raise ConfigError(f"{path} does not hold a usable demo secret; delete it and start again")


def agent_hours():
    """Opening hours of the agent inbox (``SUPPORT_AGENT_HOURS`` in ``SUPPORT_AGENT_TIMEZONE``)."""
    from bot.handoff.rules import parse_hours

    return parse_hours(get("SUPPORT_AGENT_HOURS"), get("SUPPORT_AGENT_TIMEZONE"))


def markdown_table() -> str:
    """The README's configuration table, generated so it cannot drift from the code."""
    rows = ["| variable | meaning | default |", "| --- | --- | --- |"]
    rows += [f"| `{v.name}` | {v.meaning} | {v.shown_default or v.default} |" for v in _VARS]
    return "\n".join(rows)
