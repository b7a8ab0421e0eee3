"""Reads of `concern_report` through the API's async pool, within the caller's reach."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.reports import ReportReach
from baxt.application.concern.rows import ConcernReportRow, report_row
from baxt.application.pii.row_opener import RowOpener
from baxt.domain.concern import ReportStatus


@dataclass(frozen=True)
class ReportPosition:
    """A place in the queue, oldest report first."""

    received_at: datetime
    report_id: UUID


@dataclass(frozen=True)
class ReportFilter:
    """Which reports a list shows: in these statuses and districts (any, when empty)."""

    statuses: tuple[ReportStatus, ...] = ()
    districts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportPage:
    rows: list[ConcernReportRow]
    has_next: bool


class ConcernReportReads:
    """The reports in one caller's reach: one by ID, a page of the queue, and its count."""

    def __init__(self, pool: AsyncConnectionPool[Any], opener: RowOpener | None = None) -> None:
        self._pool = pool
        self._opener = opener or RowOpener.from_environment()

    async def get(self, report_id: UUID, reach: ReportReach) -> ConcernReportRow | None:
        condition, params = reach.condition()
        query = sql.SQL("SELECT * FROM concern_report WHERE report_id = %s AND {}").format(
            condition
        )
        rows = await self._fetch(query, [report_id, *params])
        return report_row(rows[0]) if rows else None

    async def page(
        self,
        reach: ReportReach,
        chosen: ReportFilter,
        *,
        limit: int,
        after: ReportPosition | None,
    ) -> ReportPage:
        """Up to `limit` reports after `after`, oldest first: the order they are triaged in."""
        where, params = _where(reach, chosen)
        if after is not None:
            where = sql.SQL("{} AND (received_at, report_id) > (%s, %s)").format(where)
            params += [after.received_at, after.report_id]
        query = sql.SQL(
            "SELECT * FROM concern_report WHERE {} ORDER BY received_at, report_id LIMIT %s"
        ).format(where)
        rows = await self._fetch(query, [*params, limit + 1])
        return ReportPage([report_row(row) for row in rows[:limit]], has_next=len(rows) > limit)

    async def count(self, reach: ReportReach, chosen: ReportFilter) -> int:
        """How many reports `page` lists, every page."""
        where, params = _where(reach, chosen)
        query = sql.SQL("SELECT count(*) AS n FROM concern_report WHERE {}").format(where)
        return int((await self._fetch(query, params))[0]["n"])

    async def _fetch(self, query: sql.Composable, params: list[Any]) -> list[dict[str, Any]]:
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query, params)
            rows: list[dict[str, Any]] = await cur.fetchall()
            return await self._opener.open_rows(conn, rows, "report_id")


def _where(reach: ReportReach, chosen: ReportFilter) -> tuple[sql.Composable, list[Any]]:
    condition, params = reach.condition()
    conditions: list[sql.Composable] = [condition]
    if chosen.statuses:
        conditions.append(sql.SQL("status = ANY(%s)"))
        params = [*params, [s.value for s in chosen.statuses]]
    if chosen.districts:
        conditions.append(sql.SQL("district = ANY(%s)"))
        params = [*params, list(chosen.districts)]
    return sql.SQL(" AND ").join(conditions), params
