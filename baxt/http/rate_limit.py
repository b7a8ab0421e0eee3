"""How many requests each caller may make, counted by the `limits` library in a moving window."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from baxt.http.middleware import send_error

RATE_LIMITED = "RATE_LIMITED"

_log = logging.getLogger("baxt.ratelimit")


class RateLimiter:
    """Counts each caller's requests against one limit such as "300/minute".

    The counts live in this process's memory, or in Redis (`redis://…`) when several API
    processes must share them, under keys that start with `key_prefix`. When the storage
    cannot be reached, requests are let through.
    """

    def __init__(
        self, limit: str, storage_url: str = "memory://", key_prefix: str = "LIMITS"
    ) -> None:
        self._limit: RateLimitItem = parse(limit)
        self._window = MovingWindowRateLimiter(_storage(storage_url, key_prefix))

    @property
    def limit(self) -> RateLimitItem:
        return self._limit

    async def retry_after(self, caller: str) -> int | None:
        """Counts one request by `caller`: None if it is within the limit, otherwise how
        many seconds until the caller may ask again."""
        try:
            if await self._window.hit(self._limit, caller):
                return None
            stats = await self._window.get_window_stats(self._limit, caller)
        except StorageError:
            _log.warning("rate limit storage unreachable; letting the request through")
            return None
        return max(1, math.ceil(stats.reset_time - time.time()))


def _storage(url: str, key_prefix: str) -> Storage:
    if url.startswith("memory://"):
        storage = storage_from_string("async+memory://", wrap_exceptions=True)
    else:
        storage = storage_from_string(
            f"async+{url}", implementation="redispy", wrap_exceptions=True, key_prefix=key_prefix
        )
    assert isinstance(storage, Storage)
    return storage


class RateLimited:
    """Answers 429 RATE_LIMITED, with Retry-After, to a caller past the limiter's limit, and
    closes a WebSocket opened past it with 4429.

    `caller` names who is asking, from the request's scope.
    """

    def __init__(self, app: ASGIApp, limiter: RateLimiter, caller: Callable[[Scope], str]) -> None:
        self._app = app
        self._limiter = limiter
        self._caller = caller

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self._app(scope, receive, send)
            return
        wait = await self._limiter.retry_after(self._caller(scope))
        if wait is None:
            await self._app(scope, receive, send)
        elif scope["type"] == "websocket":
            await _close_socket(scope, receive, send, wait)
        else:
            message = f"too many requests; the limit is {self._limiter.limit}, retry in {wait}s"
            await send_error(send, 429, RATE_LIMITED, message, [("retry-after", str(wait))])


async def _close_socket(scope: Scope, receive: Receive, send: Send, wait: int) -> None:
    """Accepts a WebSocket past the limit only to close it with 4429, the code a
    graphql-transport-ws client reads as "too many requests"."""
    socket = WebSocket(scope, receive, send)
    offered = scope.get("subprotocols") or []
    await socket.accept(subprotocol=offered[0] if offered else None)
    await socket.close(code=4429, reason=f"too many requests; retry in {wait}s")
