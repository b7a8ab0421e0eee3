"""Messages that could not be delivered: seen, and sent again by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import psycopg

OUTBOX_CHANNEL = "baxt_outbox"  # the channel the dispatcher listens on
_DEAD = """
SELECT id, kind, channel, recipient, attempts, last_error, updated_at FROM notification
WHERE status = 'DEAD' ORDER BY updated_at DESC, id LIMIT %s
"""
_RETRY = """
UPDATE notification SET status = 'PENDING', attempts = 0, enqueued_at = NULL, updated_at = now()
WHERE status = 'DEAD' AND (%(all)s OR id = ANY(%(ids)s))
RETURNING id
"""


@dataclass(frozen=True)
class DeadMessage:
    id: UUID
    kind: str
    channel: str
    recipient: str
    attempts: int
    last_error: str | None
    updated_at: datetime


def dead_messages(conninfo: str, limit: int = 100) -> list[DeadMessage]:
    """The most recent messages marked DEAD, with their last error."""
    with psycopg.connect(conninfo) as conn:
        return [DeadMessage(*row) for row in conn.execute(_DEAD, (limit,)).fetchall()]


def retry_dead(conninfo: str, ids: Sequence[UUID] = (), *, every: bool = False) -> list[UUID]:
    """Puts DEAD messages back in the outbox (the given ones, or all) with a fresh count of
    attempts; the dispatcher sends them again. Returns the IDs put back."""
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(_RETRY, {"all": every, "ids": list(ids)}).fetchall()
        if rows:
            conn.execute(f"NOTIFY {OUTBOX_CHANNEL}")
    return [row[0] for row in rows]
