"""The cases behind a published number, for auditors: each case counted in one cell of a
published quarter, with the versions of its events that wrote the child's row."""

from __future__ import annotations

from uuid import UUID

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.monitoring.rows import FigurePlace
from baxt.application.monitoring.sources import FigureCell, FigureSources
from baxt.domain.monitoring.measures import PlaceLevel
from baxt.domain.quarter import Quarter
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.core.connection import Connection, Edge, counted, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import BadRequest
from baxt.graphql.core.node import global_id
from baxt.graphql.core.pagination import decode_cursor, encode_cursor, page_size
from baxt.graphql.core.permissions import Needs
from baxt.graphql.monitoring.enums import MonitoringBreakdown, MonitoringMeasure
from baxt.graphql.monitoring.enums import PlaceLevel as PlaceLevelEnum

DEFAULT_PAGE = 50


@strawberry.type(
    description="A case counted in a published number, and the versions of its events (up to"
    " the quarter's published position) that wrote the child's row of the quarter."
)
class FigureSource:
    case_id: strawberry.ID = strawberry.field(description="The case's global ID.")
    versions: list[int] = strawberry.field(description="The case's event versions, in order.")
    positions: list[int] = strawberry.field(
        description="Each version's position in the event log (its notification ID)."
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="The cases behind one published count (auditors only): a measure of a"
        " published quarter, at `level`, in one place (none given: the total), maybe in one"
        " `category` of a `breakdown`; derived again from the events up to the published"
        " position, in case order. `totalCount` is the number of cases (for a family measure,"
        " the families are fewer). Each case shown is written to the access log.",
        permission_classes=[Needs(Operation.FIGURE_SOURCES)],
    )
    async def published_figure_sources(
        self,
        info: Info,
        quarter: str,
        measure: MonitoringMeasure,  # type: ignore[valid-type]
        level: PlaceLevelEnum = PlaceLevel.REGION,  # type: ignore[valid-type]
        region: str | None = None,
        district: str | None = None,
        mahalla: str | None = None,
        breakdown: MonitoringBreakdown | None = None,  # type: ignore[valid-type]
        category: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[FigureSource]:
        size, _ = page_size(first, None, default=DEFAULT_PAGE, cap=info.context.max_page_size)
        place = FigurePlace(region, district, mahalla)
        cell = FigureCell(measure, level, place, breakdown, category)
        found = await _service(info).explain(_quarter(quarter), cell)
        start = _after(after)
        rest = [s for s in found.sources if start is None or s.case_id > start]
        page = rest[:size]
        await record_case_reads(info, [s.case_id for s in page])
        edges = [
            Edge(
                cursor=encode_cursor(str(s.case_id)),
                node=FigureSource(
                    case_id=global_id("Case", str(s.case_id)),
                    versions=list(s.versions),
                    positions=list(s.positions),
                ),
            )
            for s in page
        ]
        return Connection(
            page_info=page_info(edges, has_next=len(rest) > size, has_previous=start is not None),
            edges=edges,
            total=counted(len(found.sources)),
        )


def _service(info: Info) -> FigureSources:
    service = info.context.services.figure_sources
    if service is None:
        raise BadRequest("this API serves no published figures")
    return service


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError as error:
        raise BadRequest(str(error)) from None


def _after(cursor: str | None) -> UUID | None:
    if cursor is None:
        return None
    (text,) = decode_cursor(cursor, 1)
    try:
        return UUID(text)
    except ValueError:
        raise BadRequest(f"not a cursor this server issued: {cursor!r}") from None
