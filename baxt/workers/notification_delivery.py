from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from enum import Enum
from types import TracebackType
from typing import Any
from uuid import UUID

import psycopg
from psycopg_pool import ConnectionPool

from baxt.workers.channels import Channel, DeliveryFailed
from baxt.workers.concern_templates import REPORT_HANDLED, render_report_handled
from baxt.workers.templates import Text, render

_log = logging.getLogger(__name__)


class ChannelMissing(DeliveryFailed):
    """Raised when no channel of a message's kind is configured; retrying cannot help."""


class RowBusy(DeliveryFailed):
    """Raised when another transaction holds a message's row; the message is retried later.

    The holder may be another copy being sent, or the dispatcher marking the row enqueued.
    """


class Outcome(Enum):
    SENT = "SENT"
    RETRYING = "RETRYING"
    DEAD = "DEAD"
    SKIPPED = "SKIPPED"


_SELECT = (
    "SELECT case_id, kind, channel, address, language, status, attempts FROM notification"
    " WHERE id = %s FOR UPDATE SKIP LOCKED"
)
_EXISTS = "SELECT 1 FROM notification WHERE id = %s"
# A worker that hangs or is cut off mid-send must not hold its row locked for good: the
# server ends a transaction left idle this long, and the lock goes with it.
_HOLD_AT_MOST = "SET idle_in_transaction_session_timeout = '60s'"
_POOL_SIZE = 8  # above `baxt worker --threads`, so no delivery thread waits for a connection
_RECORD = (
    "UPDATE notification SET status = %s, attempts = attempts + 1, last_error = %s,"
    " updated_at = now(), sent_at = CASE WHEN %s = 'SENT' THEN now() END WHERE id = %s"
)


class Delivery:
    """Sends one notification from the outbox and records the outcome.

    The row stays locked while it is sent, so two copies of one message never send
    at once: a copy that finds the row locked is retried later, and a message already
    SENT or DEAD is skipped. Its connections come from a pool opened on the first delivery,
    so sending a message costs no new connection.
    """

    def __init__(
        self,
        conninfo: str,
        channels: Mapping[str, Channel],
        *,
        public_url: str,
        max_attempts: int,
    ) -> None:
        self._channels = channels
        self._public_url = public_url
        self._max_attempts = max_attempts
        self._pool: ConnectionPool[Any] = ConnectionPool(
            conninfo, max_size=_POOL_SIZE, open=False, configure=_hold_rows_at_most_a_minute
        )
        self._opening = threading.Lock()
        self._opened = False

    def __enter__(self) -> Delivery:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Closes the pool's connections; a delivery after this opens no new ones."""
        with self._opening:
            if self._opened:
                self._pool.close()

    def deliver(self, notification_id: UUID) -> Outcome:
        """Sends it; raises DeliveryFailed when it should be retried."""
        self._open()
        with self._pool.connection() as conn:
            row = conn.execute(_SELECT, (notification_id,)).fetchone()
            if row is None and conn.execute(_EXISTS, (notification_id,)).fetchone():
                raise RowBusy(f"notification {notification_id} is locked by another transaction")
            if row is None or row[5] in ("SENT", "DEAD"):
                return Outcome.SKIPPED
            case_id, kind, channel_name, address, language, _, attempts = row
            channel = self._channels.get(channel_name)
            try:
                if channel is None:
                    raise ChannelMissing(f"no {channel_name} channel is configured")
                text = self._text(kind, language, case_id)
                channel.send(address, text, str(notification_id))
            except DeliveryFailed as error:
                dead = isinstance(error, ChannelMissing) or attempts + 1 >= self._max_attempts
                outcome = Outcome.DEAD if dead else Outcome.RETRYING
                conn.execute(_RECORD, (outcome.value, str(error), outcome.value, notification_id))
                conn.commit()
                _log.warning("notification %s %s: %s", notification_id, outcome.value, error)
                if dead:
                    return outcome
                raise
            conn.execute(_RECORD, ("SENT", None, "SENT", notification_id))
        return Outcome.SENT

    def _text(self, kind: str, language: str, subject_id: UUID) -> Text:
        """The message of `kind`; a reporter's closing notice names only their report."""
        if kind == REPORT_HANDLED:
            return render_report_handled(language, subject_id)
        return render(kind, language, subject_id, self._public_url)

    def _open(self) -> None:
        with self._opening:
            if not self._opened:
                self._pool.open()
                self._opened = True


def _hold_rows_at_most_a_minute(conn: psycopg.Connection[Any]) -> None:
    conn.execute(_HOLD_AT_MOST)
    conn.commit()
