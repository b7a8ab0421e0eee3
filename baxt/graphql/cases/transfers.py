"""Transfers: a family that moves to another district or region is asked to be followed
there, and the receiving district's supervisor accepts (and assigns) or declines."""

from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.cases.read_model import Position
from baxt.application.cases.rows import CaseSummary
from baxt.application.transient import retrying
from baxt.domain.approvals import ApprovalKind, PendingTransfer
from baxt.domain.case import Case
from baxt.domain.errors import InvalidInput
from baxt.domain.staff import StaffMember, StaffRole
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases import payloads as p
from baxt.graphql.cases.approvals import DECIDE, QUEUE_PAGE
from baxt.graphql.cases.mutations import CHANGE, change, change_as_receiver, refused
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.connection import Connection, Edge, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.pagination import cursor_time_and_id, encode_cursor, page_size
from baxt.graphql.core.permissions import Needs


@strawberry.input
class RequestTransferInput:
    case_id: strawberry.ID
    region: str
    district: str = strawberry.field(description="Another district than the case's.")
    mahalla: str
    reason: str = strawberry.field(description="Why the family is to be followed there.")
    expected_version: int | None = None


@strawberry.input
class AcceptTransferInput:
    case_id: strawberry.ID
    caseworker: str | None = strawberry.field(
        default=None,
        description="A caseworker on the roster working where the family moves; none leaves"
        " the case unassigned there.",
    )
    expected_version: int | None = None


@strawberry.input
class DeclineTransferInput:
    case_id: strawberry.ID
    reason: str = strawberry.field(description="Why the receiving district declines; required.")
    expected_version: int | None = None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Asks to move the case to a mahalla of another district or region; the"
        " case stays with you until the receiving district's supervisor accepts. A move"
        " inside the district is correctHousehold. Where the approval policy says so, a"
        " caseworker's transfer waits first for the supervisor of the case's own district"
        " (Case.pendingApproval, kind TRANSFER).",
        permission_classes=CHANGE,
    )
    async def request_transfer(
        self, info: Info, input: RequestTransferInput
    ) -> p.RequestTransferPayload:
        actor, cases = info.context.actor, info.context.cases
        requested = cases.waits_for_approval(info.context.caller, ApprovalKind.TRANSFER)
        return await change(
            info,
            p.RequestTransferPayload,
            input.case_id,
            lambda case: (case.request_transfer_approval if requested else case.request_transfer)(
                region=input.region,
                district=input.district,
                mahalla=input.mahalla,
                reason=input.reason,
                actor=actor,
            ),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Accepts a transfer into your reach: the family's place becomes the new"
        " one, and the case is the caseworker's you name (supervisors whose reach covers"
        " where the family moves).",
        permission_classes=DECIDE,
    )
    async def accept_transfer(
        self, info: Info, input: AcceptTransferInput
    ) -> p.AcceptTransferPayload:
        member = None
        if input.caseworker is not None:
            member = await retrying(
                lambda: info.context.services.staff.get(str(input.caseworker)), what="roster"
            )
            if member is None or member.role is not StaffRole.CASEWORKER:
                error = InvalidInput(
                    f"no caseworker {input.caseworker!r} on the roster", ("caseworker",)
                )
                return refused(p.AcceptTransferPayload, error)
        actor = info.context.actor

        def accept(case: Case) -> None:
            if member is not None and case.pending_transfer is not None:
                _require_works_there(member, case.pending_transfer)
            case.accept_transfer(caseworker=input.caseworker, actor=actor)

        return await change_as_receiver(
            info, p.AcceptTransferPayload, input.case_id, accept, input.expected_version
        )

    @strawberry.mutation(
        description="Declines a transfer into your reach, saying why; the case stays where it"
        " was (supervisors whose reach covers where the family would move).",
        permission_classes=DECIDE,
    )
    async def decline_transfer(
        self, info: Info, input: DeclineTransferInput
    ) -> p.DeclineTransferPayload:
        actor = info.context.actor
        return await change_as_receiver(
            info,
            p.DeclineTransferPayload,
            input.case_id,
            lambda case: case.decline_transfer(reason=input.reason, actor=actor),
            input.expected_version,
        )


@strawberry.type
class Query:
    @strawberry.field(
        description="The cases with a transfer waiting into your reach (where the family"
        " moves), oldest request first, in keyset pages; each still lies where it was.",
        permission_classes=[Needs(Operation.APPROVE_CASES, Operation.READ_CASES)],
    )
    async def incoming_transfers(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CaseNode]:
        size, _ = page_size(first, None, default=QUEUE_PAGE, cap=info.context.max_page_size)
        read_model = info.context.cases.read_model
        page = await read_model.incoming_transfers(
            info.context.view,
            limit=size,
            after=Position(*cursor_time_and_id(after)) if after else None,
        )
        await record_case_reads(info, [row.case_id for row in page.rows])
        edges = [Edge(cursor=_cursor(row), node=CaseNode.from_row(row)) for row in page.rows]
        return Connection(
            page_info=page_info(edges, has_next=page.has_next, has_previous=page.has_previous),
            edges=edges,
            total=lambda: read_model.incoming_transfers_count(info.context.view),
        )


def _cursor(row: CaseSummary) -> str:
    """The request's place in the list: when it was asked for, then the case."""
    pending = row.pending_transfer
    requested_at = pending.requested_at if pending is not None else row.updated_at
    return encode_cursor(requested_at.isoformat(), str(row.case_id))


def _require_works_there(member: StaffMember, target: PendingTransfer) -> None:
    """Refuses a caseworker who does not work in the mahalla the family moves to."""
    in_district = (member.region, member.district) == (target.region, target.district)
    if not in_district or (member.mahallas and target.mahalla not in member.mahallas):
        raise InvalidInput(
            f"{member.user_id!r} does not work in {target.mahalla}, {target.district}",
            ("caseworker",),
        )
