from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.cases.read_model import CaseFilter as ReadFilter
from baxt.application.cases.read_model import Position
from baxt.domain.errors import CaseNotFound
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.cases.inputs import CaseFilter
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.connection import Connection, Edge, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.pagination import cursor_time_and_id, encode_cursor, page_size
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
        description="The cases in your reach, most recently updated first, in keyset pages.",
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
    ) -> Connection[CaseNode]:
        size, from_end = page_size(
            first, last, default=DEFAULT_PAGE, cap=info.context.max_page_size
        )
        page = await info.context.cases.read_model.page(
            _read_filter(filter),
            info.context.view,
            limit=size,
            after=_position(after) if after else None,
            before=_position(before) if before else None,
            from_end=from_end,
        )
        await record_case_reads(info, [row.case_id for row in page.rows])
        edges = [
            Edge(cursor=_cursor(row.updated_at, row.case_id), node=CaseNode.from_row(row))
            for row in page.rows
        ]
        return Connection(
            page_info=page_info(edges, has_next=page.has_next, has_previous=page.has_previous),
            edges=edges,
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
    )


def _cursor(updated_at: datetime, case_id: UUID) -> str:
    return encode_cursor(updated_at.isoformat(), str(case_id))


def _position(cursor: str) -> Position:
    return Position(*cursor_time_and_id(cursor))
