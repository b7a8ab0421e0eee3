"""The outbox dispatcher: hands due items to the broker, and finds the ones it lost."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

import psycopg
from opentelemetry import trace
from psycopg import sql

from baxt.application.dead_letters import OUTBOX_CHANNEL
from baxt.application.followers.backoff import Backoff
from baxt.application.followers.errors import error_text

__all__ = ["NOTIFICATIONS", "OUTBOX_CHANNEL", "WEBHOOK_DELIVERIES", "Dispatcher", "Outbox"]
_log = logging.getLogger(__name__)
_tracer = trace.get_tracer(__name__)

# A row is claimed by marking it enqueued before its message is sent, in one short statement
# that skips rows a delivery holds locked: the claim never waits on a send in progress, and the
# delivery never finds its row held by the dispatcher.
#
# An urgent row's wait doubles with each failed attempt, as the broker's own retry delay does
# (which stays under a fifth of it): a copy is enqueued again only when the retry the broker
# holds is long overdue, so a channel that is down for a while does not burn attempts early.
_CLAIM = """
WITH due AS (
    SELECT id, {urgent} AS urgent, {due_at} AS due_at FROM {table}
    CROSS JOIN LATERAL (
        SELECT CASE WHEN {urgent}
                    THEN least(%(stale)s, %(urgent_stale)s * power(2, least(attempts, 30)))
                    ELSE %(stale)s END AS wait) AS rule
    WHERE status IN ('PENDING', 'RETRYING') AND {ready}
      AND (enqueued_at IS NULL OR (enqueued_at < now() - wait AND {quiet}))
    ORDER BY 2 DESC, 3
    LIMIT %(limit)s
    FOR UPDATE OF {table} SKIP LOCKED),
claimed AS (
    UPDATE {table} SET enqueued_at = now() FROM due WHERE {table}.id = due.id
    RETURNING {table}.id, due.urgent, due.due_at)
SELECT id FROM claimed ORDER BY urgent DESC, due_at
"""
_RELEASE = "UPDATE {table} SET enqueued_at = NULL WHERE id = ANY(%s)"


@dataclass(frozen=True)
class Outbox:
    """A table of items to hand to the broker, and the SQL that says which of its rows are due.

    `urgent` says which rows go first and wait less, `due_at` orders the rest, `ready` says
    whether a row may be sent yet, and `quiet` whether an enqueued row has not moved since.
    """

    name: str
    table: str
    urgent: str
    due_at: str
    ready: str
    quiet: str
    stale_after: timedelta

    def claim_sql(self) -> sql.Composed:
        return self._compose(_CLAIM)

    def release_sql(self) -> sql.Composed:
        return self._compose(_RELEASE)

    def _compose(self, template: str) -> sql.Composed:
        parts = (self.urgent, self.due_at, self.ready, self.quiet)
        urgent, due_at, ready, quiet = (sql.SQL(part) for part in parts)
        return sql.SQL(template).format(
            table=sql.Identifier(self.table), urgent=urgent, due_at=due_at, ready=ready, quiet=quiet
        )


NOTIFICATIONS = Outbox(
    name="notification outbox",
    table="notification",
    urgent="urgent",
    due_at="created_at",
    ready="true",
    quiet="updated_at < now() - wait",
    stale_after=timedelta(minutes=10),
)
"""The notifier's messages: a copy waits until its row has not moved for the wait."""

WEBHOOK_DELIVERIES = Outbox(
    name="webhook deliveries",
    table="webhook_delivery",
    urgent="false",
    due_at="next_attempt_at",
    ready="next_attempt_at <= now()",
    quiet="true",
    stale_after=timedelta(minutes=2),
)
"""Partners' webhook deliveries: new ones, replayed ones, and retries whose delayed message a
broker lost, each once its next attempt is due."""


class Dispatcher:
    """Hands the due items of an outbox (by default the notifications) to the broker.

    It wakes on the outbox's NOTIFY, and sweeps every few seconds for anything a broker or
    a worker lost: a message enqueued a while ago whose row has not moved since. An urgent
    message is enqueued again after `urgent_stale_after` (doubled for each failed attempt, up
    to `stale_after`), any other after `stale_after` (by default the outbox's own); a copy
    that arrives after the message was sent finds its row done and sends nothing.
    """

    def __init__(
        self,
        conninfo: str,
        enqueue: Callable[[UUID], None],
        *,
        outbox: Outbox = NOTIFICATIONS,
        stale_after: timedelta | None = None,
        urgent_stale_after: timedelta = timedelta(seconds=10),
        sweep_every: float = 5.0,
        batch: int = 500,
    ) -> None:
        self._conninfo = conninfo
        self._enqueue = enqueue
        self._outbox = outbox
        self._claim_sql = outbox.claim_sql()
        self._release_sql = outbox.release_sql()
        self._stale_after = outbox.stale_after if stale_after is None else stale_after
        self._urgent_stale_after = urgent_stale_after
        self._sweep_every = sweep_every
        self._batch = batch

    def dispatch_due(self) -> int:
        """Enqueues what is due; returns how many.

        Raises what the broker raised when it refused a message; the messages not handed
        over are due again at once, so the next sweep offers them again. The messages of one
        sweep are sent inside one span, so each carries its trace to the worker.
        """
        with psycopg.connect(self._conninfo, autocommit=True) as conn:
            due = [row[0] for row in conn.execute(self._claim_sql, self._claim_params())]
            if due:
                with _tracer.start_as_current_span(
                    f"dispatch {self._outbox.table}", attributes={"baxt.items": len(due)}
                ):
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
        outage = _Outage(f"the {self._outbox.name} dispatcher")
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
