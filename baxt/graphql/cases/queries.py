from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry.relay import PageInfo

from baxt.application.access.rules import Operation
from baxt.application.read_model import CaseFilter as ReadFilter
from baxt.application.read_model import Position
from baxt.domain.errors import CaseNotFound
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.cases.inputs import CaseFilter
from baxt.graphql.cases.types import Case, CaseConnection, CaseEdge
from baxt.graphql.context import Info
from baxt.graphql.pagination import cursor_time_and_id, encode_cursor, page_size

DEFAULT_PAGE = 20


async def load_case(info: Info, case_id: str) -> Case | None:
    """The case as the caller sees it; None when there is none or it is out of their reach."""
    info.context.allow(Operation.READ_CASES)
    try:
        uuid = case_uuid(case_id)
    except CaseNotFound:
        return None
    row = await info.context.cases.read_model.get(uuid, info.context.view)
    return Case.from_row(row) if row else None


async def read_case(info: Info, case_id: str) -> Case | None:
    """The case by its global ID, once the read is in the access log; None when there is none."""
    case = await load_case(info, case_id)
    if case is not None:
        await record_case_reads(info, [case.case_id])
    return case


@strawberry.type
class Query:
    @strawberry.field(
        description="One case by its ID; null when there is none or it is out of your reach."
    )
    async def case(self, info: Info, id: strawberry.ID) -> Case | None:
        return await read_case(info, id)

    @strawberry.field(
        description="The cases in your reach, most recently updated first, in keyset pages."
    )
    async def cases(
        self,
        info: Info,
        filter: CaseFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> CaseConnection:
        info.context.allow(Operation.READ_CASES)
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
            CaseEdge(cursor=_cursor(row.updated_at, row.case_id), node=Case.from_row(row))
            for row in page.rows
        ]
        return CaseConnection(
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
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
    )


def _cursor(updated_at: datetime, case_id: UUID) -> str:
    return encode_cursor(updated_at.isoformat(), str(case_id))


def _position(cursor: str) -> Position:
    return Position(*cursor_time_and_id(cursor))
