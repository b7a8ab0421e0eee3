from __future__ import annotations

import datetime as dt

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.access.scope import aggregate_scope
from baxt.application.cases.application import utc_now
from baxt.application.workload import Place
from baxt.domain.quarter import Quarter, local_date
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import BadRequest
from baxt.graphql.core.pagination import page_size
from baxt.graphql.core.permissions import Needs
from baxt.graphql.work.types import QuarterPlan

DEFAULT_QUEUE = 20


@strawberry.type
class Query:
    @strawberry.field(
        description="A quarter's planned home visits (e.g. 2027-Q1) in a region, district or"
        " mahalla: due, done, overdue and escalated; and its case reviews, due and overdue."
        " `today` (Asia/Tashkent) decides what is overdue; it defaults to the current day."
        " Supervisors count their own districts and regions; analysts and auditors count"
        " everywhere."
    )
    async def quarter_plan(
        self,
        info: Info,
        quarter: str,
        region: str | None = None,
        district: str | None = None,
        mahalla: str | None = None,
        today: dt.date | None = None,
    ) -> QuarterPlan:
        scope = aggregate_scope(info.context.caller)
        try:
            chosen = Quarter.parse(quarter)
        except ValueError as error:
            raise BadRequest(str(error)) from None
        counts = await info.context.services.workload.quarter_plan(
            str(chosen), Place(region, district, mahalla), today or local_date(utc_now()), scope
        )
        return QuarterPlan(**vars(counts))

    @strawberry.field(
        description="The caller's open cases, the soonest due visit first.",
        permission_classes=[Needs(Operation.READ_CASES)],
    )
    async def my_queue(self, info: Info, first: int | None = None) -> list[CaseNode]:
        size, _ = page_size(first, None, default=DEFAULT_QUEUE, cap=info.context.max_page_size)
        rows = await info.context.services.workload.queue(info.context.view, size)
        await record_case_reads(info, [row.case_id for row in rows])
        return [CaseNode.from_row(row) for row in rows]
