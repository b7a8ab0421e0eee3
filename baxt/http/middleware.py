"""Pure ASGI middleware every API response passes through: body size and security headers."""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from baxt.http.ide.page import DIALOG_STYLE

REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"

_NO_STORE = "no-store"
_SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-resource-policy": "same-origin",
}
_API_CONTENT_POLICY = "default-src 'none'; frame-ancestors 'none'"
PAGE_CONTENT_POLICY = (
    f"default-src 'none'; script-src 'self'; style-src 'self' {DIALOG_STYLE};"
    " connect-src 'self'; img-src 'self' data:; font-src 'self' data:; base-uri 'none';"
    " form-action 'none'; frame-ancestors 'none'"
)
"""What an HTML page (the development IDE) may load: its own server's files and the one
stylesheet its dialogs write, nothing else."""


async def send_error(
    send: Send, status: int, code: str, message: str, headers: Iterable[tuple[str, str]] = ()
) -> None:
    """Answers with `status` and a GraphQL-shaped JSON error carrying `code`."""
    body = json.dumps(
        {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    ).encode()
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((name.encode(), value.encode()) for name, value in headers),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Marks every HTTP response as not to be cached, sniffed, framed or referred from.

    HTML pages (the development IDE) get a content policy that allows only this server's
    own files (and the one stylesheet GraphiQL's dialogs write), unless the page names a
    policy of its own (the dashboard's, which may talk to the sign-in issuer); every other
    response one that allows nothing. Only a response that declares
    itself `immutable` (the IDE's files, named by digest) keeps its own cache lifetime.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.update(_SECURITY_HEADERS)
                if "immutable" not in headers.get("cache-control", ""):
                    headers["cache-control"] = _NO_STORE
                html = headers.get("content-type", "").startswith("text/html")
                if html:
                    headers.setdefault("content-security-policy", PAGE_CONTENT_POLICY)
                else:
                    headers["content-security-policy"] = _API_CONTENT_POLICY
            await send(message)

        await self._app(scope, receive, send_with_headers)


class LimitedBody:
    """Refuses a request body larger than `max_bytes` with 413 REQUEST_TOO_LARGE.

    The body is read up to the limit and handed on only when it fits; nothing of a larger
    body is kept. Before the refusal, up to `discard_bytes` more of it are read and dropped,
    so that the client, still sending, can read the answer; past that the connection closes.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, discard_bytes: int = 1_000_000) -> None:
        self._app = app
        self._max_bytes = max_bytes
        self._discard_bytes = discard_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        declared = _content_length(scope)
        try:
            if declared is not None and declared > self._max_bytes:
                body = None
                if declared <= self._max_bytes + self._discard_bytes:
                    await _discard(receive, declared)
            else:
                body, more = await _read_at_most(receive, self._max_bytes)
                if body is None and more:
                    await _discard(receive, self._discard_bytes)
        except _ClientGone:
            return
        if body is None:
            await self._refuse(send)
            return
        await self._app(scope, _replay(body, receive), send)

    async def _refuse(self, send: Send) -> None:
        message = f"the request body is larger than {self._max_bytes} bytes"
        await send_error(send, 413, REQUEST_TOO_LARGE, message, [("connection", "close")])


class _ClientGone(Exception):
    """Raised when the client disconnects before it has sent the whole body."""


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _read_at_most(receive: Receive, limit: int) -> tuple[bytes | None, bool]:
    """The whole body, or None once it grows past `limit` bytes; and whether more is to come."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise _ClientGone
        chunk: bytes = message.get("body", b"")
        more: bool = message.get("more_body", False)
        size += len(chunk)
        if size > limit:
            return None, more
        chunks.append(chunk)
        if not more:
            return b"".join(chunks), False


async def _discard(receive: Receive, at_most: int) -> None:
    """Reads and drops the rest of the body, or `at_most` bytes of it."""
    dropped = 0
    while dropped < at_most:
        message = await receive()
        if message["type"] != "http.request":
            raise _ClientGone
        dropped += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed
