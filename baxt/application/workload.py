from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.read_model import CaseReadModel, CaseRow

_QUARTER_PLAN = """
SELECT count(*) AS due,
       count(*) FILTER (WHERE q.seen_on IS NOT NULL) AS done,
       count(*) FILTER (WHERE q.seen_on IS NULL AND q.due_on < %(today)s
                        AND c.status <> 'CLOSED') AS overdue,
       count(*) FILTER (WHERE q.escalated) AS escalated
FROM quarter_visit q JOIN case_summary c USING (case_id)
WHERE q.quarter = %(quarter)s
  AND (%(region)s::text IS NULL OR c.region = %(region)s)
  AND (%(district)s::text IS NULL OR c.district = %(district)s)
  AND (%(mahalla)s::text IS NULL OR c.mahalla = %(mahalla)s)
"""
_QUEUE = """
SELECT case_id FROM case_summary
WHERE caseworker = %(caseworker)s AND status <> 'CLOSED'
ORDER BY visit_due_on NULLS LAST, flagged_at, case_id
LIMIT %(limit)s
"""


@dataclass(frozen=True)
class Place:
    region: str | None = None
    district: str | None = None
    mahalla: str | None = None


@dataclass(frozen=True)
class QuarterPlanCounts:
    """A quarter's home visits in a place: planned, done (child seen), overdue, escalated."""

    quarter: str
    due: int
    done: int
    overdue: int
    escalated: int


class Workload:
    """What is due: a quarter's visits in a place, and a caseworker's queue."""

    def __init__(self, pool: AsyncConnectionPool[Any], read_model: CaseReadModel) -> None:
        self._pool = pool
        self._read_model = read_model

    async def quarter_plan(self, quarter: str, place: Place, today: date) -> QuarterPlanCounts:
        params = vars(place) | {"quarter": quarter, "today": today}
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(_QUARTER_PLAN, params)
            row = await cur.fetchone()
        assert row is not None  # an aggregate always gives one row
        return QuarterPlanCounts(quarter, row["due"], row["done"], row["overdue"], row["escalated"])

    async def queue(self, caseworker: str, limit: int) -> list[CaseRow]:
        """The caseworker's open cases, the soonest due first."""
        async with self._pool.connection() as conn:
            cur = await conn.execute(_QUEUE, {"caseworker": caseworker, "limit": limit})
            case_ids: list[UUID] = [row[0] for row in await cur.fetchall()]
        rows = await self._read_model.get_many(case_ids)
        return [rows[case_id] for case_id in case_ids if case_id in rows]
