from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.scope import CaseScope
from baxt.application.access.view import CaseView
from baxt.application.cases.read_model import CaseReadModel
from baxt.application.cases.rows import CaseSummary
from baxt.domain.quarter import Quarter

_QUARTER_PLAN = """
SELECT count(*) AS due,
       count(*) FILTER (WHERE q.seen_on IS NOT NULL) AS done,
       count(*) FILTER (WHERE q.seen_on IS NULL AND q.due_on < %(today)s
                        AND c.status <> 'CLOSED') AS overdue,
       count(*) FILTER (WHERE q.escalated) AS escalated,
       count(DISTINCT coalesce(c.household_id, c.case_id)) AS home_visits
FROM quarter_visit q JOIN case_summary c USING (case_id)
WHERE q.quarter = %(quarter)s
  AND (%(region)s::text IS NULL OR c.region = %(region)s)
  AND (%(district)s::text IS NULL OR c.district = %(district)s)
  AND (%(mahalla)s::text IS NULL OR c.mahalla = %(mahalla)s)
  AND {reach}
"""
# A review not recorded stays overdue until it is, so one due in an earlier quarter is still
# overdue in this one's plan; `due` counts those falling due within the quarter.
_QUARTER_REVIEWS = """
SELECT count(*) FILTER (WHERE c.next_review_due >= %(first_day)s) AS due,
       count(*) FILTER (WHERE c.next_review_due < %(today)s) AS overdue
FROM case_summary c
WHERE c.status IN ('CONSULTED', 'REFERRED') AND c.next_review_due <= %(last_day)s
  AND (%(region)s::text IS NULL OR c.region = %(region)s)
  AND (%(district)s::text IS NULL OR c.district = %(district)s)
  AND (%(mahalla)s::text IS NULL OR c.mahalla = %(mahalla)s)
  AND {reach}
"""
_QUEUE = """
SELECT case_id FROM case_summary
WHERE caseworker = %(caseworker)s AND status <> 'CLOSED' AND {reach}
ORDER BY visit_due_on NULLS LAST, flagged_at, case_id
LIMIT %(limit)s
"""
_SURVEY = """
SELECT region, count(*) AS children, count(seen_on) AS seen FROM survey_child
WHERE year = %(year)s AND {reach} GROUP BY region ORDER BY region
"""


@dataclass(frozen=True)
class Place:
    region: str | None = None
    district: str | None = None
    mahalla: str | None = None


@dataclass(frozen=True)
class QuarterPlanCounts:
    """A quarter's home visits in a place: planned, done (child seen), overdue, escalated;
    and its case reviews: due within it, and overdue by `today` (earlier quarters' too)."""

    quarter: str
    due: int
    done: int
    overdue: int
    escalated: int
    reviews_due: int = 0
    reviews_overdue: int = 0
    home_visits: int = 0
    """The visits the planned ones make: one per household, one per case linked to none."""


@dataclass(frozen=True)
class SurveyCounts:
    """One region's children in the October age-three survey, and how many were seen."""

    region: str
    children: int
    seen: int


class Workload:
    """What is due: a quarter's visits in a place, the survey's progress, a caseworker's queue.

    The counts are taken over the cases a `CaseScope` reaches; the queue is read for a
    `CaseView`, so it holds only cases the caller reaches, masked as they see them.
    """

    def __init__(self, pool: AsyncConnectionPool[Any], read_model: CaseReadModel) -> None:
        self._pool = pool
        self._read_model = read_model

    async def quarter_plan(
        self, quarter: str, place: Place, today: date, scope: CaseScope
    ) -> QuarterPlanCounts:
        days = Quarter.parse(quarter)
        params = vars(place) | {
            "quarter": quarter,
            "today": today,
            "first_day": days.first_day,
            "last_day": days.last_day,
        }
        row = (await self._rows(_QUARTER_PLAN, params, scope, table="c"))[0]
        reviews = (await self._rows(_QUARTER_REVIEWS, params, scope, table="c"))[0]
        return QuarterPlanCounts(
            quarter,
            row["due"],
            row["done"],
            row["overdue"],
            row["escalated"],
            reviews["due"],
            reviews["overdue"],
            row["home_visits"],
        )

    async def age_three_survey(self, year: int, scope: CaseScope) -> list[SurveyCounts]:
        """The survey of `year` by region, over the children whose place the scope reaches."""
        rows = await self._rows(_SURVEY, {"year": year}, scope)
        return [SurveyCounts(r["region"], r["children"], r["seen"]) for r in rows]

    async def queue(self, view: CaseView, limit: int) -> list[CaseSummary]:
        """The caller's open cases, the soonest due first."""
        params = {"caseworker": view.principal.user, "limit": limit}
        found = await self._rows(_QUEUE, params, view.scope)
        case_ids: list[UUID] = [row["case_id"] for row in found]
        rows = await self._read_model.get_many(case_ids, view)
        return [rows[case_id] for case_id in case_ids if case_id in rows]

    async def _rows(
        self, query: str, params: dict[str, Any], scope: CaseScope, table: str | None = None
    ) -> list[dict[str, Any]]:
        reach, reach_params = scope.named_condition(table)
        statement = sql.SQL(query).format(reach=reach)
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(statement, params | reach_params)
            rows: list[dict[str, Any]] = await cur.fetchall()
            return rows
