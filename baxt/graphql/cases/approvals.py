"""Approvals: the supervisors' decisions on what caseworkers asked for (closing a case), and
the queue of requests waiting in their reach."""

from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.cases.read_model import Position
from baxt.application.cases.rows import CaseSummary
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases import payloads as p
from baxt.graphql.cases.mutations import CHANGE, change
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.connection import Connection, Edge, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.pagination import cursor_time_and_id, encode_cursor, page_size
from baxt.graphql.core.permissions import Needs

DECIDE = [Needs(Operation.APPROVE_CASES, Operation.CHANGE_CASES)]
QUEUE_PAGE = 20


@strawberry.input
class ApproveClosureInput:
    case_id: strawberry.ID
    comment: str = ""
    expected_version: int | None = None


@strawberry.input
class RejectClosureInput:
    case_id: strawberry.ID
    comment: str = strawberry.field(description="What the caseworker is to do; required.")
    expected_version: int | None = None


@strawberry.input
class WithdrawClosureInput:
    case_id: strawberry.ID
    expected_version: int | None = None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Approves the closure a caseworker asked for; the case closes for the"
        " reason they gave (supervisors whose reach covers the case).",
        permission_classes=DECIDE,
    )
    async def approve_closure(
        self, info: Info, input: ApproveClosureInput
    ) -> p.ApproveClosurePayload:
        actor = info.context.actor
        return await change(
            info,
            p.ApproveClosurePayload,
            input.case_id,
            lambda case: case.approve_closure(comment=input.comment, actor=actor),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Rejects the closure a caseworker asked for, with a comment; the case goes"
        " on as it was (supervisors whose reach covers the case).",
        permission_classes=DECIDE,
    )
    async def reject_closure(self, info: Info, input: RejectClosureInput) -> p.RejectClosurePayload:
        actor = info.context.actor
        return await change(
            info,
            p.RejectClosurePayload,
            input.case_id,
            lambda case: case.reject_closure(comment=input.comment, actor=actor),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Withdraws a closure asked for and not yet decided; the case goes on as it"
        " was.",
        permission_classes=CHANGE,
    )
    async def withdraw_closure(
        self, info: Info, input: WithdrawClosureInput
    ) -> p.WithdrawClosurePayload:
        actor = info.context.actor
        return await change(
            info,
            p.WithdrawClosurePayload,
            input.case_id,
            lambda case: case.withdraw_closure_request(actor=actor),
            input.expected_version,
        )


@strawberry.type
class Query:
    @strawberry.field(
        description="The cases in your reach with a request waiting for your approval, oldest"
        " request first, in keyset pages.",
        permission_classes=[Needs(Operation.APPROVE_CASES, Operation.READ_CASES)],
    )
    async def approval_queue(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CaseNode]:
        size, _ = page_size(first, None, default=QUEUE_PAGE, cap=info.context.max_page_size)
        read_model = info.context.cases.read_model
        page = await read_model.approval_queue(
            info.context.view,
            limit=size,
            after=Position(*cursor_time_and_id(after)) if after else None,
        )
        await record_case_reads(info, [row.case_id for row in page.rows])
        edges = [Edge(cursor=_cursor(row), node=CaseNode.from_row(row)) for row in page.rows]
        return Connection(
            page_info=page_info(edges, has_next=page.has_next, has_previous=page.has_previous),
            edges=edges,
            total=lambda: read_model.approval_queue_count(info.context.view),
        )


def _cursor(row: CaseSummary) -> str:
    """The request's place in the queue: when it was asked for, then the case."""
    pending = row.pending_approval
    requested_at = pending.requested_at if pending is not None else row.updated_at
    return encode_cursor(requested_at.isoformat(), str(row.case_id))
