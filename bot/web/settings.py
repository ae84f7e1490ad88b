"""Settings of the support-page backend, read once from the environment.

Kept in one frozen dataclass so tests can build an app with explicit values
instead of mutating ``os.environ`` between cases.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bot import config

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_RASA_URL = "http://127.0.0.1:5005"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


def _env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    return raw not in ("0", "false", "no", "off")


@dataclass(frozen=True)
class WebSettings:
    """Everything the backend needs; defaults are the ``make run`` values."""

    rasa_url: str = DEFAULT_RASA_URL
    db_url: str = field(default_factory=config.db_url)
    state_dir: Path = PROJECT_ROOT / "var"
    demo_signin: bool = True
    max_message_chars: int = 1000
    max_body_bytes: int = 16 * 1024
    rate_limit_count: int = 20
    rate_limit_window_s: float = 10.0
    rasa_timeout_s: float = 60.0
    token_ttl_s: int = 900
    max_transcript: int = 200
    secure_cookie: bool = False

    @classmethod
    def from_env(cls, rasa_url: str | None = None, db_url: str | None = None) -> WebSettings:
        return cls(
            rasa_url=(rasa_url or os.environ.get("SUPPORT_RASA_URL") or DEFAULT_RASA_URL).rstrip("/"),
            db_url=db_url or config.db_url(),
            state_dir=Path(os.environ.get("SUPPORT_WEB_STATE_DIR") or PROJECT_ROOT / "var"),
            demo_signin=_env_flag("SUPPORT_DEMO_SIGNIN", True),
            rate_limit_count=_env_int("SUPPORT_WEB_RATE_LIMIT", 20),
            rasa_timeout_s=float(_env_int("SUPPORT_RASA_TIMEOUT", 60)),
            secure_cookie=_env_flag("SUPPORT_WEB_SECURE_COOKIE", False),
        )
