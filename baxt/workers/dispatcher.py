from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

import psycopg
from dramatiq.errors import ConnectionClosed
from redis.exceptions import ConnectionError as RedisConnectionError

from baxt.application.dead_letters import OUTBOX_CHANNEL

__all__ = ["OUTBOX_CHANNEL", "Dispatcher"]
_log = logging.getLogger(__name__)

_DUE = """
SELECT id FROM notification
WHERE status IN ('PENDING', 'RETRYING')
  AND (enqueued_at IS NULL OR (enqueued_at < now() - %(stale)s AND updated_at < now() - %(stale)s))
ORDER BY urgent DESC, created_at
LIMIT %(limit)s
"""


class Dispatcher:
    """Hands unsent notifications from the outbox to the broker.

    It wakes on the outbox's NOTIFY, and sweeps every few seconds for anything a
    broker lost: a message enqueued long ago whose row has not moved since.
    """

    def __init__(
        self,
        conninfo: str,
        enqueue: Callable[[UUID], None],
        *,
        stale_after: timedelta = timedelta(minutes=10),
        batch: int = 500,
    ) -> None:
        self._conninfo = conninfo
        self._enqueue = enqueue
        self._stale_after = stale_after
        self._batch = batch

    def dispatch_due(self) -> int:
        """Enqueues what is due; returns how many."""
        with psycopg.connect(self._conninfo, autocommit=True) as conn:
            params = {"stale": self._stale_after, "limit": self._batch}
            due = [row[0] for row in conn.execute(_DUE, params).fetchall()]
            for notification_id in due:
                self._enqueue(notification_id)
                conn.execute(
                    "UPDATE notification SET enqueued_at = now() WHERE id = %s", (notification_id,)
                )
        return len(due)

    def run(self, stop: threading.Event, sweep_every: float = 5.0) -> None:
        """Dispatches until `stop` is set; a lost database or broker is retried, not fatal."""
        while not stop.is_set():
            try:
                self._listen(stop, sweep_every)
            except (psycopg.OperationalError, ConnectionClosed, RedisConnectionError) as error:
                if stop.is_set():
                    return
                _log.warning("outbox dispatcher lost the database or broker (%s); retrying", error)
                stop.wait(1.0)

    def _listen(self, stop: threading.Event, sweep_every: float) -> None:
        with psycopg.connect(self._conninfo, autocommit=True) as listener:
            listener.execute(f"LISTEN {OUTBOX_CHANNEL}")
            next_sweep = 0.0
            while not stop.is_set():
                woken = any(True for _ in listener.notifies(timeout=0.5, stop_after=1))
                if woken or time.monotonic() >= next_sweep:
                    self.dispatch_due()
                    next_sweep = time.monotonic() + sweep_every
