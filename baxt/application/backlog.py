"""What waits to be sent, as the metrics show it: the notification outbox and partners'
webhook deliveries by status, and how long the oldest unsent urgent message has waited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg_pool import AsyncConnectionPool

NOTIFICATION_STATUSES = ("PENDING", "RETRYING", "SENT", "DEAD")
WEBHOOK_STATUSES = ("PENDING", "RETRYING", "DELIVERED", "FAILED", "DEAD")

_NOTIFICATIONS = "SELECT status, count(*) FROM notification GROUP BY status"
_WEBHOOKS = "SELECT status, count(*) FROM webhook_delivery GROUP BY status"
_OLDEST_URGENT = """
SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM notification
WHERE urgent AND status IN ('PENDING', 'RETRYING')"""
_TIME_LIMIT = "SET LOCAL statement_timeout = '5s'"


@dataclass(frozen=True)
class Backlog:
    """The outboxes' counts by status (every status named, zero included) and the age in
    seconds of the oldest urgent message not yet sent (zero when there is none)."""

    notifications: dict[str, int]
    webhook_deliveries: dict[str, int]
    oldest_urgent_seconds: float


class BacklogReader:
    """Counts the outboxes through the API's pool, each query cut off after five seconds so
    a scrape never holds a connection long."""

    def __init__(self, pool: AsyncConnectionPool[Any]) -> None:
        self._pool = pool

    async def backlog(self) -> Backlog:
        """The outboxes as they stand; raises what the database raised."""
        async with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            await cur.execute(_TIME_LIMIT)
            await cur.execute(_NOTIFICATIONS)
            notifications = _by_status(await cur.fetchall(), NOTIFICATION_STATUSES)
            await cur.execute(_WEBHOOKS)
            webhooks = _by_status(await cur.fetchall(), WEBHOOK_STATUSES)
            await cur.execute(_OLDEST_URGENT)
            oldest = await cur.fetchone()
        return Backlog(notifications, webhooks, float(oldest[0]) if oldest else 0.0)


def _by_status(rows: list[tuple[Any, ...]], statuses: tuple[str, ...]) -> dict[str, int]:
    counts = dict.fromkeys(statuses, 0)
    for status, count in rows:
        counts[str(status)] = int(count)
    return counts
