"""The append-only log of who read which case, when, and through which fields."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

_COLUMNS = ("actor", "role", "case_id", "operation", "fields")
_INSERT = sql.SQL("INSERT INTO case_access (actor, role, case_id, operation, fields) VALUES {rows}")
_ROW = sql.SQL("({})").format(sql.SQL(", ").join(sql.Placeholder() * len(_COLUMNS)))
_PAGE = """
SELECT id, at, actor, role, case_id, operation, fields FROM case_access
WHERE case_id = %(case_id)s AND (%(after)s::bigint IS NULL OR id < %(after)s)
ORDER BY id DESC
LIMIT %(limit)s
"""
_COUNT = "SELECT count(*) FROM case_access WHERE case_id = %(case_id)s"


@dataclass(frozen=True)
class CaseRead:
    """One case served to one caller: the query it came through and the fields it showed."""

    actor: str
    role: str
    case_id: UUID
    operation: str
    fields: tuple[str, ...]


def one_read_per_case(reads: Iterable[CaseRead]) -> list[CaseRead]:
    """The reads merged so that each case is read once, in the order first read.

    A case shown by several fields of one request is one read: by the first reader, through
    every query it came through (`case, cases`), with every field any of them showed, each
    list sorted, since the fields of a request resolve in no fixed order.
    """
    merged: dict[UUID, CaseRead] = {}
    for read in reads:
        seen = merged.get(read.case_id)
        if seen is None:
            merged[read.case_id] = read
            continue
        merged[read.case_id] = CaseRead(
            seen.actor,
            seen.role,
            seen.case_id,
            ", ".join(sorted({*seen.operation.split(", "), read.operation})),
            tuple(sorted({*seen.fields, *read.fields})),
        )
    return list(merged.values())


@dataclass(frozen=True)
class AccessEntry:
    """A recorded read, as auditors see it."""

    id: int
    at: datetime
    actor: str
    role: str
    case_id: UUID
    operation: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AccessPage:
    entries: list[AccessEntry]
    has_next: bool


class AccessLog:
    """Records reads of cases and lists them for auditors."""

    def __init__(self, pool: AsyncConnectionPool[Any]) -> None:
        self._pool = pool

    async def record(self, reads: Sequence[CaseRead]) -> None:
        """Writes the reads in one INSERT; it returns only once they are committed."""
        if not reads:
            return
        query = _INSERT.format(rows=sql.SQL(", ").join([_ROW] * len(reads)))
        params = [value for read in reads for value in _values(read)]
        async with self._pool.connection() as conn:
            await conn.execute(query, params)

    async def for_case(self, case_id: UUID, *, limit: int, after: int | None = None) -> AccessPage:
        """Up to `limit` reads of the case, newest first, older than the entry `after`."""
        params = {"case_id": case_id, "after": after, "limit": limit + 1}
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(_PAGE, params)
            rows = await cur.fetchall()
        entries = [_entry(row) for row in rows[:limit]]
        return AccessPage(entries, has_next=len(rows) > limit)

    async def count_for_case(self, case_id: UUID) -> int:
        """How many reads of the case `for_case` lists over every page."""
        async with self._pool.connection() as conn, conn.cursor() as cur:
            await cur.execute(_COUNT, {"case_id": case_id})
            row = await cur.fetchone()
        return int(row[0]) if row else 0


def _values(read: CaseRead) -> list[Any]:
    return [read.actor, read.role, read.case_id, read.operation, list(read.fields)]


def _entry(row: dict[str, Any]) -> AccessEntry:
    return AccessEntry(**(row | {"fields": tuple(row["fields"])}))
