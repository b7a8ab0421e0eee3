from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg.rows import class_row
from psycopg_pool import AsyncConnectionPool

_COLUMNS = "id, case_id, kind, urgent, created_at, read_at"
_PAGE = f"""
SELECT {_COLUMNS} FROM notification
WHERE recipient = %(recipient)s AND channel = 'IN_APP'
  AND (NOT %(unread_only)s OR read_at IS NULL)
  AND (%(after_at)s::timestamptz IS NULL OR (created_at, id) < (%(after_at)s, %(after_id)s))
ORDER BY created_at DESC, id DESC
LIMIT %(limit)s
"""  # noqa: S608 - the one interpolation is a constant column list
_COUNT = """
SELECT count(*) FROM notification
WHERE recipient = %(recipient)s AND channel = 'IN_APP'
  AND (NOT %(unread_only)s OR read_at IS NULL)
"""
_MARK_READ = f"""
UPDATE notification SET read_at = COALESCE(read_at, now())
WHERE recipient = %(recipient)s AND channel = 'IN_APP' AND id = ANY(%(ids)s)
RETURNING {_COLUMNS}
"""  # noqa: S608 - the one interpolation is a constant column list


@dataclass(frozen=True)
class FeedItem:
    """A message in someone's in-app feed."""

    id: UUID
    case_id: UUID
    kind: str
    urgent: bool
    created_at: datetime
    read_at: datetime | None


class NotificationFeed:
    """Each staff member's in-app messages, newest first; only they can read or mark them."""

    def __init__(self, pool: AsyncConnectionPool[Any]) -> None:
        self._pool = pool

    async def page(
        self,
        recipient: str,
        *,
        limit: int,
        after: tuple[datetime, UUID] | None = None,
        unread_only: bool = False,
    ) -> list[FeedItem]:
        """Up to `limit` items older than `after`; one more is fetched to tell if more exist."""
        params = {
            "recipient": recipient,
            "unread_only": unread_only,
            "after_at": after[0] if after else None,
            "after_id": after[1] if after else None,
            "limit": limit,
        }
        return await self._fetch(_PAGE, params)

    async def count(self, recipient: str, *, unread_only: bool = False) -> int:
        """How many items `page` lists for the recipient, every page."""
        params = {"recipient": recipient, "unread_only": unread_only}
        async with self._pool.connection() as conn, conn.cursor() as cur:
            await cur.execute(_COUNT.encode(), params)
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def mark_read(self, recipient: str, ids: Sequence[UUID]) -> list[FeedItem]:
        """Marks the recipient's own items read; others' IDs are ignored."""
        return await self._fetch(_MARK_READ, {"recipient": recipient, "ids": list(ids)})

    async def _fetch(self, query: str, params: dict[str, Any]) -> list[FeedItem]:
        async with (
            self._pool.connection() as conn,
            conn.cursor(row_factory=class_row(FeedItem)) as cur,
        ):
            await cur.execute(query.encode(), params)
            items: list[FeedItem] = await cur.fetchall()
            return items
