"""Security headers on every response, as one ASGI middleware added by the app factory.

Curator pages and the API carry children's and teachers' personal data (152-FZ), so:

- a Content-Security-Policy without inline scripts or styles (the pages keep all script and
  style in `/static`), `frame-ancestors 'none'` and X-Frame-Options DENY against clickjacking;
- `Cache-Control: no-store` on pages and API answers, so no browser or proxy keeps a copy
  (static files keep their own caching: they hold no personal data);
- `Referrer-Policy: no-referrer` (a participant's link carries its token in the address) and
  `X-Content-Type-Options: nosniff`.

Swagger UI (`/docs`) is FastAPI's page with its script and style served by this app (from the
swagger-ui-bundle package, no CDN); it starts with one inline script, which is allowed by its
hash, computed from the page itself, on that page only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
DOCS_CSP = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self'; "
            "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
COMMON = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
NO_STORE = "no-store"
STATIC_PREFIX = "/static/"
ASSETS_PREFIX = "/docs-assets/"
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def script_hashes(html: bytes) -> list[str]:
    """CSP source expressions (`'sha256-…'`) for each inline script of `html`."""
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
            for body in INLINE_SCRIPT.findall(html)]


def docs_csp(html: bytes) -> str:
    return DOCS_CSP.format(hashes=" ".join(script_hashes(html)))


class SecurityHeaders:
    """Add the headers above to every HTTP response; `docs_paths` get the Swagger UI policy."""

    def __init__(self, app: ASGIApp, docs_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.docs_paths = frozenset(docs_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if path in self.docs_paths:
            await self._docs(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                static = path.startswith(STATIC_PREFIX) or path.startswith(ASSETS_PREFIX)
                _common(headers, CSP, static=static)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hold the (small) docs page back until its inline script can be hashed."""
        start: Message | None = None
        body = b""

        async def hold(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            body += message.get("body", b"")
            if message.get("more_body", False):
                return
            assert start is not None
            headers = MutableHeaders(scope=start)
            _common(headers, docs_csp(body), static=False)
            headers["Content-Length"] = str(len(body))
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, hold)


def _common(headers: MutableHeaders, csp: str, *, static: bool) -> None:
    headers.setdefault("Content-Security-Policy", csp)
    for name, value in COMMON.items():
        headers.setdefault(name, value)
    if not static:
        headers["Cache-Control"] = NO_STORE
