"""The outbox dispatcher: hands unsent notifications to the broker, and finds the ones it lost."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any
from uuid import UUID

import psycopg

from baxt.application.dead_letters import OUTBOX_CHANNEL
from baxt.application.followers.backoff import Backoff
from baxt.application.followers.errors import error_text

__all__ = ["OUTBOX_CHANNEL", "Dispatcher"]
_log = logging.getLogger(__name__)

# A row is claimed by marking it enqueued before its message is sent, in one short statement
# that skips rows a delivery holds locked: the claim never waits on a send in progress, and the
# delivery never finds its row held by the dispatcher.
#
# An urgent row's wait doubles with each failed attempt, as the broker's own retry delay does
# (which stays under a fifth of it): a copy is enqueued again only when the retry the broker
# holds is long overdue, so a channel that is down for a while does not burn attempts early.
_CLAIM = """
WITH due AS (
    SELECT id, urgent, created_at FROM notification
    CROSS JOIN LATERAL (
        SELECT CASE WHEN urgent
                    THEN least(%(stale)s, %(urgent_stale)s * power(2, least(attempts, 30)))
                    ELSE %(stale)s END AS wait) AS rule
    WHERE status IN ('PENDING', 'RETRYING')
      AND (enqueued_at IS NULL OR (enqueued_at < now() - wait AND updated_at < now() - wait))
    ORDER BY urgent DESC, created_at
    LIMIT %(limit)s
    FOR UPDATE OF notification SKIP LOCKED),
claimed AS (
    UPDATE notification SET enqueued_at = now() FROM due WHERE notification.id = due.id
    RETURNING notification.id, due.urgent, due.created_at)
SELECT id FROM claimed ORDER BY urgent DESC, created_at
"""
_RELEASE = "UPDATE notification SET enqueued_at = NULL WHERE id = ANY(%s)"


class Dispatcher:
    """Hands unsent notifications from the outbox to the broker.

    It wakes on the outbox's NOTIFY, and sweeps every few seconds for anything a broker or
    a worker lost: a message enqueued a while ago whose row has not moved since. An urgent
    message is enqueued again after `urgent_stale_after` (doubled for each failed attempt, up
    to `stale_after`), any other after `stale_after`; a copy that arrives after the message
    was sent finds its row SENT and sends nothing.
    """

    _claim_sql = _CLAIM
    _release_sql = _RELEASE

    def __init__(
        self,
        conninfo: str,
        enqueue: Callable[[UUID], None],
        *,
        stale_after: timedelta = timedelta(minutes=10),
        urgent_stale_after: timedelta = timedelta(seconds=10),
        sweep_every: float = 5.0,
        batch: int = 500,
    ) -> None:
        self._conninfo = conninfo
        self._enqueue = enqueue
        self._stale_after = stale_after
        self._urgent_stale_after = urgent_stale_after
        self._sweep_every = sweep_every
        self._batch = batch

    def dispatch_due(self) -> int:
        """Enqueues what is due; returns how many.

        Raises what the broker raised when it refused a message; the messages not handed
        over are due again at once, so the next sweep offers them again.
        """
        with psycopg.connect(self._conninfo, autocommit=True) as conn:
            due = [row[0] for row in conn.execute(self._claim_sql, self._claim_params())]
            self._hand_over(conn, due)
        return len(due)

    def _claim_params(self) -> dict[str, Any]:
        return {
            "stale": self._stale_after,
            "urgent_stale": self._urgent_stale_after,
            "limit": self._batch,
        }

    def _hand_over(self, conn: psycopg.Connection[Any], due: Sequence[UUID]) -> None:
        for sent, item_id in enumerate(due):
            try:
                self._enqueue(item_id)
            except Exception:
                conn.execute(self._release_sql, (list(due[sent:]),))
                raise

    def run(self, stop: threading.Event, sweep_every: float | None = None) -> None:
        """Dispatches until `stop` is set. A lost database or broker, or any other error,
        is retried with backoff and logged once an outage, never fatal."""
        every = self._sweep_every if sweep_every is None else sweep_every
        outage = _Outage(type(self).__name__)
        while not stop.is_set():
            try:
                self._listen(stop, every, outage)
            except Exception as error:  # whatever failed, the outbox must still drain
                if stop.is_set():
                    return
                stop.wait(outage.failed(error))

    def _listen(self, stop: threading.Event, sweep_every: float, outage: _Outage) -> None:
        with psycopg.connect(self._conninfo, autocommit=True) as listener:
            listener.execute(f"LISTEN {OUTBOX_CHANNEL}")
            next_sweep = 0.0
            while not stop.is_set():
                woken = any(True for _ in listener.notifies(timeout=0.5, stop_after=1))
                if woken or time.monotonic() >= next_sweep:
                    self.dispatch_due()
                    outage.ended()
                    next_sweep = time.monotonic() + sweep_every


_RETRY = Backoff(base_seconds=0.5, max_seconds=5.0)


class _Outage:
    """Backs off after each failure in a row, and logs an outage when it starts and ends."""

    def __init__(self, name: str, backoff: Backoff = _RETRY) -> None:
        self._name = name
        self._backoff = backoff
        self._failures = 0
        self._since = 0.0

    def failed(self, error: Exception) -> float:
        """Counts a failure; returns how long to wait before trying again."""
        if self._failures == 0:
            self._since = time.monotonic()
            _log.warning("%s cannot dispatch (%s); retrying", self._name, error_text(error))
        else:
            _log.debug("%s still cannot dispatch: %s", self._name, error_text(error))
        self._failures += 1
        return self._backoff.delay(self._failures)

    def ended(self) -> None:
        if self._failures:
            took = time.monotonic() - self._since
            _log.info("%s dispatches again after %.1f s", self._name, took)
            self._failures = 0
