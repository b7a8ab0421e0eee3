"""Decisions on a request of any kind waiting for a supervisor: a closure, a work plan
revision, a transfer. Each delegates to the case's command for that kind, as the closure's
own mutations (which stay) do."""

from __future__ import annotations

import strawberry

import baxt.graphql.cases.enums  # noqa: F401 - registers the domain enums with Strawberry
from baxt.domain.approvals import ApprovalKind
from baxt.graphql.cases import payloads as p
from baxt.graphql.cases.approvals import DECIDE
from baxt.graphql.cases.mutations import CHANGE, change
from baxt.graphql.core.context import Info


@strawberry.input
class ApproveRequestInput:
    case_id: strawberry.ID
    kind: ApprovalKind
    comment: str = ""
    expected_version: int | None = None


@strawberry.input
class RejectRequestInput:
    case_id: strawberry.ID
    kind: ApprovalKind
    comment: str = strawberry.field(description="What the caseworker is to do; required.")
    expected_version: int | None = None


@strawberry.input
class WithdrawRequestInput:
    case_id: strawberry.ID
    kind: ApprovalKind
    expected_version: int | None = None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Approves the request of this kind waiting on the case; it takes effect"
        " now: the case closes, the work plan is revised, or the receiving district is asked"
        " to take the case (supervisors whose reach covers the case).",
        permission_classes=DECIDE,
    )
    async def approve_request(
        self, info: Info, input: ApproveRequestInput
    ) -> p.ApproveRequestPayload:
        actor = info.context.actor
        return await change(
            info,
            p.ApproveRequestPayload,
            input.case_id,
            lambda case: case.approve_request(kind=input.kind, comment=input.comment, actor=actor),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Rejects the request of this kind waiting on the case, with a comment; the"
        " case goes on as it was (supervisors whose reach covers the case).",
        permission_classes=DECIDE,
    )
    async def reject_request(self, info: Info, input: RejectRequestInput) -> p.RejectRequestPayload:
        actor = info.context.actor
        return await change(
            info,
            p.RejectRequestPayload,
            input.case_id,
            lambda case: case.reject_request(kind=input.kind, comment=input.comment, actor=actor),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Withdraws the request of this kind asked for and not yet decided; the"
        " case goes on as it was.",
        permission_classes=CHANGE,
    )
    async def withdraw_request(
        self, info: Info, input: WithdrawRequestInput
    ) -> p.WithdrawRequestPayload:
        actor = info.context.actor
        return await change(
            info,
            p.WithdrawRequestPayload,
            input.case_id,
            lambda case: case.withdraw_request(kind=input.kind, actor=actor),
            input.expected_version,
        )
