from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.concern.reads import ReportFilter, ReportPosition
from baxt.domain.errors import InvalidInput, ReportNotFound
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.concern.ids import report_uuid
from baxt.graphql.concern.inputs import ConcernReportFilter
from baxt.graphql.concern.types import ConcernReport
from baxt.graphql.core.connection import Connection, Edge, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.pagination import cursor_time_and_id, encode_cursor, page_size
from baxt.graphql.core.permissions import Needs

DEFAULT_PAGE = 20
READ = [Needs(Operation.READ_CASES)]


async def read_concern_report(info: Info, id: str) -> ConcernReport | None:
    """The report in the caller's reach, once the read is in the access log; None when there
    is none, it is out of reach, or the ID is none of ours."""
    concerns = info.context.services.concerns
    try:
        row = await concerns.report(info.context.view, report_uuid(id))
    except (ReportNotFound, InvalidInput):
        return None
    await record_case_reads(info, [row.report_id])
    return ConcernReport.from_row(row)


@strawberry.type
class Query:
    @strawberry.field(
        description="A report of concern in your reach; null when there is none.",
        permission_classes=READ,
    )
    async def concern_report(self, info: Info, id: strawberry.ID) -> ConcernReport | None:
        return await read_concern_report(info, id)

    @strawberry.field(
        description="The triage queue: the reports of concern in your districts, oldest first.",
        permission_classes=READ,
    )
    async def concern_reports(
        self,
        info: Info,
        filter: ConcernReportFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ConcernReport]:
        size, _ = page_size(first, None, default=DEFAULT_PAGE, cap=info.context.max_page_size)
        chosen = ReportFilter(
            statuses=tuple(filter.status or ()) if filter else (),
            districts=tuple(filter.district or ()) if filter else (),
        )
        concerns, view = info.context.services.concerns, info.context.view
        position = ReportPosition(*cursor_time_and_id(after)) if after else None
        page = await concerns.page(view, chosen, limit=size, after=position)
        await record_case_reads(info, [row.report_id for row in page.rows])
        edges = [
            Edge(
                cursor=encode_cursor(row.received_at.isoformat(), str(row.report_id)),
                node=ConcernReport.from_row(row),
            )
            for row in page.rows
        ]
        return Connection(
            page_info=page_info(edges, has_next=page.has_next, has_previous=after is not None),
            edges=edges,
            total=lambda: concerns.count(view, chosen),
        )
