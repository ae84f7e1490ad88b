"""HTTP hardening shared by every response.

The CSP allows no inline script or style, so an injected ``<script>`` or
``onerror=`` attribute could not run even if text ever reached the DOM as HTML.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def apply_security_headers(response: Any, path: str) -> None:
    for name, value in HEADERS.items():
        response.headers[name] = value
    if path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"


def is_same_origin(origin: str, host: str) -> bool:
    """Whether an ``Origin`` header names this very host (our own page)."""
    return urlsplit(origin).netloc.lower() == (host or "").lower()


def apply_cors_headers(response: Any, origin: str) -> None:
    """CORS for one allow-listed host site: its exact origin, never ``*``, never cookies.

    The embedded widget authenticates with a bearer session id, not a cookie, so
    ``Access-Control-Allow-Credentials`` stays off and a cross-site page cannot
    ride on a visitor's cookie.
    """
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Allow-Methods"] = "GET, POST"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Authorization"
    response.headers["Access-Control-Max-Age"] = "600"
    response.headers["Vary"] = "Origin"
