"""The monitoring figures query service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.scope import CaseScope, aggregate_scope
from baxt.application.monitoring.rows import FigurePlace, Figures
from baxt.application.monitoring.shaping import Shaper
from baxt.application.monitoring.statements import (
    QUARTERS,
    families_query,
    figures_query,
    indicator_query,
    timings_query,
)
from baxt.application.monitoring.table import FigureTable
from baxt.domain.monitoring.measures import PlaceLevel
from baxt.domain.monitoring.suppression import DEFAULT_THRESHOLD
from baxt.domain.quarter import Quarter

SUPPRESSED_FOR = frozenset({Role.ANALYST})
"""Who sees small counts suppressed; supervisors and auditors see them exact."""


@dataclass(frozen=True)
class FigureRequest:
    """Which figures: the quarter, a place to keep to (any part None: all), the level."""

    quarter: Quarter
    place: FigurePlace
    level: PlaceLevel


class MonitoringFigures:
    """Counts of children by quarter and place, from `monitoring_facts`, over the places the
    caller's counts cover (supervisors their own, analysts and auditors all); counts only,
    never a case. Analysts' small counts are suppressed (`threshold`)."""

    def __init__(self, pool: AsyncConnectionPool[Any], threshold: int = DEFAULT_THRESHOLD) -> None:
        self._pool = pool
        self.threshold = threshold

    async def figures(self, request: FigureRequest, principal: Principal) -> Figures:
        """The figures the caller may see; FORBIDDEN for a role given no counts."""
        scope = aggregate_scope(principal)
        table = await self.table(request, scope)
        suppressed = principal.role in SUPPRESSED_FOR
        visibility = table.visibility(self.threshold) if suppressed else {}
        return Shaper(table, visibility).figures(str(request.quarter), suppressed, self.threshold)

    async def table(self, request: FigureRequest, scope: CaseScope) -> FigureTable:
        """The exact counts of the figures over `scope`, before any suppression."""
        table = FigureTable(request.level)
        params = vars(request.place) | {"quarter": str(request.quarter)}
        for row in await self._rows(figures_query(request.level), params, scope):
            table.add_row(row)
        for row in await self._rows(timings_query(request.level), params, scope):
            table.add_timing_row(row)
        for row in await self._rows(indicator_query(request.level), params, scope):
            table.add_indicator_row(row)
        for row in await self._rows(families_query(request.level), params, scope):
            table.add_families_row(row)
        table.finish()
        return table

    async def quarters(self, principal: Principal) -> list[str]:
        """The quarters with any figure in the caller's reach, newest first."""
        rows = await self._rows(sql.SQL(QUARTERS), {}, aggregate_scope(principal))
        return [row["quarter"] for row in rows]

    async def _rows(
        self, query: sql.SQL, params: dict[str, Any], scope: CaseScope
    ) -> list[dict[str, Any]]:
        reach, reach_params = scope.named_condition()
        statement = query.format(reach=reach)
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(statement, params | reach_params)
            rows: list[dict[str, Any]] = await cur.fetchall()
            return rows
