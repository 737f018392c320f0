"""Security headers on every response: pages, API, static files, errors and 404s (hardening,
issue 12 point 6).

A pure ASGI middleware, so it sees every response the app sends, including those Starlette
builds itself (404 and 405 from the router, the static files). The 500 page is sent by
Starlette's outermost error middleware, above every middleware an app adds, so the error
handler applies :func:`apply` to it too.

The policy allows no inline script anywhere (``script-src 'self'``): the pages carry none, and
the one the Swagger UI needs lives in ``static/api-docs.js``. Styles come from ``site.css``;
the one exception is ``style-src-attr 'unsafe-inline'``, because the dashboard's charts are
matplotlib SVG drawn inline and matplotlib writes every stroke and fill as a ``style``
attribute (``fill: none`` on a line is what keeps it a line). An attribute style can neither
run script nor load from another origin (``img-src``/``font-src`` stay ``'self'``); a browser
without CSP level 3 falls back to ``style-src 'self'`` and draws the charts in black. Pages
cannot be framed (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``: clickjacking a
sign-in or an approval).

``/api/docs`` loads Swagger UI from jsDelivr, whose React components set inline styles and
draw their icons from ``data:`` SVG: that page alone gets :data:`DOCS_POLICY`, which allows the
CDN for scripts and styles and inline styles, never an inline script.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from starlette.datastructures import MutableHeaders

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SWAGGER_CDN = "https://cdn.jsdelivr.net"

PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
"""The policy of every response except the API docs page."""

DOCS_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' {SWAGGER_CDN}",
        f"style-src 'self' {SWAGGER_CDN} 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
"""The policy of ``/api/docs``: the Swagger UI bundle and stylesheet from the CDN, inline
styles and ``data:`` icons (Swagger UI needs them), and still no inline script."""

BASE_HEADERS: Mapping[str, str] = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def headers_for(path: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The security headers of a response to ``path`` (``overrides``: path → its own policy)."""
    policy = (overrides or {}).get(path, PAGE_POLICY)
    return {"Content-Security-Policy": policy, **BASE_HEADERS}


def apply(headers: MutableHeaders, path: str, overrides: Mapping[str, str] | None = None) -> None:
    """Add the security headers a response does not set itself."""
    for name, value in headers_for(path, overrides).items():
        if name not in headers:
            headers[name] = value


class SecurityHeaders:
    """ASGI middleware adding :func:`headers_for` to every HTTP response."""

    def __init__(self, app: ASGIApp, *, overrides: Mapping[str, str] | None = None) -> None:
        self.app = app
        self.overrides = dict(overrides or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                apply(MutableHeaders(scope=message), path, self.overrides)
            await send(message)

        await self.app(scope, receive, send_with_headers)
