"""The monitoring figures' queries."""

from __future__ import annotations

import strawberry

from baxt.application.monitoring.figures import FigureRequest
from baxt.application.monitoring.rows import FigurePlace
from baxt.domain.monitoring.measures import PlaceLevel
from baxt.domain.quarter import Quarter
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import BadRequest
from baxt.graphql.monitoring.enums import PlaceLevel as PlaceLevelEnum
from baxt.graphql.monitoring.types import MonitoringFigures


@strawberry.type
class Query:
    @strawberry.field(
        description="A quarter's monitoring figures (e.g. 2026-Q4) by place at `level`, kept"
        " to a region, district or mahalla if given, and their total: the funnel, the times,"
        " the overdue and escalated, the survey, the partners' outcomes, with breakdowns."
        " Supervisors count their own districts and regions; analysts and auditors count"
        " everywhere; analysts read small counts hidden. Counts only, never a case."
    )
    async def monitoring_figures(
        self,
        info: Info,
        quarter: str,
        level: PlaceLevelEnum = PlaceLevel.REGION,  # type: ignore[valid-type]
        region: str | None = None,
        district: str | None = None,
        mahalla: str | None = None,
    ) -> MonitoringFigures:
        try:
            chosen = Quarter.parse(quarter)
        except ValueError as error:
            raise BadRequest(str(error)) from None
        request = FigureRequest(chosen, FigurePlace(region, district, mahalla), level)
        figures = await info.context.services.monitoring.figures(request, info.context.caller)
        return MonitoringFigures.of(figures)

    @strawberry.field(
        description="The quarters with monitoring figures in the caller's reach, newest first."
    )
    async def monitoring_quarters(self, info: Info) -> list[str]:
        return await info.context.services.monitoring.quarters(info.context.caller)
