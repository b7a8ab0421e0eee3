"""A check for the API's read pool that asks the server only about connections that lay idle.

The pool's own `check_connection` sends a query on every checkout, a round trip to the
server before each read and each access-log write, which took about 8% of the API process's busy
time under load. A connection handed out moments ago was just talking to the server; one
that lay idle longer may have been cut off (a restart, an idle timeout) and is checked, so
that a broken one is still replaced before a request sees it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

TRUSTED_FOR_SECONDS = 1.0
"""How long after it was last handed out a connection is handed out again unchecked."""


class IdleConnectionCheck:
    """The pool's `check` callback: it asks the server about a connection only when the
    connection was last handed out more than `trusted_for` seconds ago (or never)."""

    def __init__(
        self,
        trusted_for: float = TRUSTED_FOR_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._trusted_for = trusted_for
        self._clock = clock
        self._handed_out: WeakKeyDictionary[AsyncConnection[Any], float] = WeakKeyDictionary()

    async def check(self, conn: AsyncConnection[Any]) -> None:
        now = self._clock()
        last = self._handed_out.get(conn)
        if last is None or now - last > self._trusted_for:
            await AsyncConnectionPool.check_connection(conn)
        self._handed_out[conn] = now
