from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.cases.application import utc_now
from baxt.application.cases.listing import CaseOrder
from baxt.application.cases.read_model import CaseFilter as ReadFilter
from baxt.domain.errors import CaseNotFound
from baxt.domain.quarter import local_date
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.cursors import case_cursor, case_keyset
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.cases.inputs import CaseFilter
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.connection import Connection, Edge, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.pagination import page_size
from baxt.graphql.core.permissions import Needs

DEFAULT_PAGE = 20
READ = [Needs(Operation.READ_CASES)]


async def load_case(info: Info, case_id: str) -> CaseNode | None:
    """The case as the caller sees it; None when there is none or it is out of their reach.
    The field that answers it declares the caller's right to read cases."""
    try:
        uuid = case_uuid(case_id)
    except CaseNotFound:
        return None
    row = await info.context.cases.read_model.get(uuid, info.context.view)
    return CaseNode.from_row(row) if row else None


async def read_case(info: Info, case_id: str) -> CaseNode | None:
    """The case by its global ID, once the read is in the access log; None when there is none."""
    case = await load_case(info, case_id)
    if case is not None:
        await record_case_reads(info, [case.case_id])
    return case


@strawberry.type
class Query:
    @strawberry.field(
        description="One case by its ID; null when there is none or it is out of your reach.",
        permission_classes=READ,
    )
    async def case(self, info: Info, id: strawberry.ID) -> CaseNode | None:
        return await read_case(info, id)

    @strawberry.field(
        description="The cases in your reach, in keyset pages: most recently updated first, or"
        " in `orderBy`. A cursor pages on only in the order that made it.",
        permission_classes=READ,
    )
    async def cases(
        self,
        info: Info,
        filter: CaseFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: CaseOrder = CaseOrder.RECENTLY_UPDATED,
    ) -> Connection[CaseNode]:
        size, from_end = page_size(
            first, last, default=DEFAULT_PAGE, cap=info.context.max_page_size
        )
        chosen = _read_filter(filter)
        read_model = info.context.cases.read_model
        page = await read_model.page(
            chosen,
            info.context.view,
            limit=size,
            order=order_by,
            after=case_keyset(after, order_by) if after else None,
            before=case_keyset(before, order_by) if before else None,
            from_end=from_end,
        )
        await record_case_reads(info, [row.case_id for row in page.rows])
        edges = [
            Edge(cursor=case_cursor(row, order_by), node=CaseNode.from_row(row))
            for row in page.rows
        ]
        return Connection(
            page_info=page_info(edges, has_next=page.has_next, has_previous=page.has_previous),
            edges=edges,
            total=lambda: read_model.count(chosen, info.context.view),
        )


def _read_filter(given: CaseFilter | None) -> ReadFilter:
    if given is None:
        return ReadFilter()
    return ReadFilter(
        statuses=tuple(given.status or ()),
        region=given.region,
        district=given.district,
        mahalla=given.mahalla,
        quarter=given.quarter,
        source=given.source,
        search=given.search,
        without_work_plan=given.without_work_plan,
        caseworker=given.caseworker,
        unassigned=given.unassigned,
        escalated=given.escalated,
        overdue=given.overdue,
        safety_concern=given.safety_concern,
        due_before=given.due_before,
        due_after=given.due_after,
        awaiting_approval=given.awaiting_approval,
        registry_category=given.registry_category,
        today=local_date(utc_now()) if given.overdue is not None else None,
    )
