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


def same_origin(request: Any) -> bool:
    """Refuse cross-site POSTs: a present Origin must name this very host.

    SameSite=Strict already keeps the cookie off cross-site requests; this is
    the second lock for browsers or proxies that get that wrong.
    """
    origin = request.headers.get("origin")
    if not origin:
        return True
    return urlsplit(origin).netloc == request.host
