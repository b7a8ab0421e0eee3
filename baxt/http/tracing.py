"""A server span for every HTTP request and WebSocket, which shows the method, the path and
the status, and never the query string, the client's address or a header but the trace's own
(a GET's query string may hold a document's variables; a header, a token)."""

from __future__ import annotations

from typing import Any

from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

_SHOWN_KEYS = ("type", "asgi", "http_version", "method", "scheme", "path", "root_path", "server")
_SHOWN_HEADERS = frozenset({b"host", b"user-agent", b"traceparent", b"tracestate"})
_REQUEST = "baxt.request_scope"


class TracedRequests:
    """Runs each request inside a server span, continuing the caller's W3C trace when its
    `traceparent` header names one. The span sees a copy of the request stripped to what may
    be shown; the app gets the request itself."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app
        self._traced = OpenTelemetryMiddleware(
            self._as_received,
            exclude_spans=["receive", "send"],
            http_capture_headers_server_request=[],
            http_capture_headers_server_response=[],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self._app(scope, receive, send)
            return
        await self._traced(shown_scope(scope), receive, send)

    async def _as_received(self, shown: Scope, receive: Receive, send: Send) -> None:
        await self._app(shown[_REQUEST], receive, send)


def shown_scope(scope: Scope) -> dict[str, Any]:
    """What the span may see of a request: no query string, no client, only the host, user
    agent and trace headers; the request itself rides along for the app."""
    shown = {key: scope[key] for key in _SHOWN_KEYS if key in scope}
    shown["query_string"] = b""
    shown["headers"] = [(k, v) for k, v in scope.get("headers", ()) if k in _SHOWN_HEADERS]
    shown[_REQUEST] = scope
    return shown
