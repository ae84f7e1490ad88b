"""Settings of the support-page backend, read once through ``bot.config``.

Kept in one frozen dataclass so tests can build an app with explicit values
instead of mutating ``os.environ`` between cases. The defaults are the safe ones
(no demo sign-in, no embedding origin); ``from_env`` is what ``python -m bot.web``
uses, and it fails without the host-site secret outside demo mode.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Tuple

from bot import config

PROJECT_ROOT = config.ROOT


@dataclass(frozen=True)
class WebSettings:
    rasa_url: str = "http://127.0.0.1:5005"
    db_url: str = field(default_factory=config.db_url)
    demo: bool = False
    host_secret: str | None = None
    token_secret: str | None = None  # None: bot.config's (tests pass one explicitly)
    allowed_origins: Tuple[str, ...] = ()
    trusted_proxies: Tuple[ipaddress._BaseNetwork, ...] = ()
    max_message_chars: int = 1000
    max_body_bytes: int = 16 * 1024
    rate_limit_count: int = 20
    rate_limit_window_s: float = 10.0
    chat_per_ip: int = 100  # messages per minute: several people may share one address
    new_sessions_per_ip: int = 10  # per minute: a browser needs one
    signins_per_ip: int = 10  # per minute
    rasa_timeout_s: float = 60.0
    token_ttl_s: int = 900
    max_messages: int = 400
    session_ttl: timedelta = timedelta(days=7)
    secure_cookie: bool = False

    @classmethod
    def from_env(cls, rasa_url: str | None = None, db_url: str | None = None) -> WebSettings:
        config.check_all()
        return cls(
            rasa_url=(rasa_url or config.get("SUPPORT_RASA_URL")).rstrip("/"),
            db_url=db_url or config.db_url(),
            demo=config.demo_mode(),
            host_secret=config.host_secret(),
            token_secret=config.token_secret(),
            allowed_origins=config.get("SUPPORT_ALLOWED_ORIGINS"),
            trusted_proxies=config.get("SUPPORT_TRUSTED_PROXIES"),
            max_body_bytes=config.get("SUPPORT_MAX_BODY_BYTES"),
            rate_limit_count=config.get("SUPPORT_WEB_RATE_LIMIT"),
            chat_per_ip=config.get("SUPPORT_WEB_IP_RATE_LIMIT"),
            new_sessions_per_ip=config.get("SUPPORT_WEB_IP_NEW_SESSIONS"),
            signins_per_ip=config.get("SUPPORT_WEB_IP_NEW_SESSIONS"),
            rasa_timeout_s=config.get("SUPPORT_RASA_TIMEOUT"),
            max_messages=config.get("SUPPORT_SESSION_MAX_MESSAGES"),
            session_ttl=timedelta(hours=config.get("SUPPORT_SESSION_TTL_HOURS")),
            secure_cookie=config.get("SUPPORT_WEB_SECURE_COOKIE"),
        )
