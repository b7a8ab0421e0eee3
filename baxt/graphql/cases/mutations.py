from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.cases.service import Answer
from baxt.application.transient import retrying
from baxt.domain.case import Case
from baxt.domain.errors import DomainError, InvalidInput
from baxt.domain.staff import StaffRole
from baxt.domain.values import Child, FlagTags, Household, Need, PlanItem, Visit
from baxt.graphql.after_commit import say_after_commit, shown_after_commit
from baxt.graphql.cases import payloads as p
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.cases.inputs import (
    AssignCaseInput,
    CloseCaseInput,
    FlagChildInput,
    RecordConsultationInput,
    RecordContactAttemptInput,
    RecordVisitInput,
    ReferCaseInput,
    ReopenCaseInput,
)
from baxt.graphql.cases.referral_targets import referral_target
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.core.user_errors import user_errors

PayloadT = TypeVar("PayloadT", bound=p.CasePayload)
CHANGE = [Needs(Operation.CHANGE_CASES)]


async def change(
    info: Info,
    payload: type[PayloadT],
    case_id: str,
    command: Callable[[Case], object],
    expected_version: int | None = None,
) -> PayloadT:
    """Runs `command` on the case `case_id` through `CaseService.change`; a refused command
    becomes userErrors (a case out of reach exactly as a case that does not exist)."""
    cases, view = info.context.cases, info.context.view
    return await _answered(
        info,
        payload,
        lambda: cases.change(
            view, case_uuid(case_id), command, expected_version, name=info.python_name
        ),
    )


async def change_as_receiver(
    info: Info,
    payload: type[PayloadT],
    case_id: str,
    command: Callable[[Case], object],
    expected_version: int | None = None,
) -> PayloadT:
    """`change` for the receiving side of a transfer, through `CaseService.decide_transfer`:
    the caller's reach must cover the place the waiting transfer goes to."""
    cases, view = info.context.cases, info.context.view
    return await _answered(
        info,
        payload,
        lambda: cases.decide_transfer(
            view, case_uuid(case_id), command, expected_version, name=info.python_name
        ),
    )


async def _answered(
    info: Info, payload: type[PayloadT], command: Callable[[], Awaitable[Answer]]
) -> PayloadT:
    """The payload of a case command: the case as saved, or null with the warning
    SAVED_OUT_OF_REACH when it was saved out of the caller's reach."""
    try:
        answer = await command()
    except DomainError as error:
        return refused(payload, error)
    say_after_commit(info, answer.after)
    if answer.row is None:
        info.context.notes.saved_out_of_reach(info.path.as_list())
        return payload(case=None, user_errors=[])
    if not await shown_after_commit(info, answer.row.case_id):
        return payload(case=None, user_errors=[])
    return payload(case=CaseNode.from_row(answer.row), user_errors=[])


def refused(payload: type[PayloadT], error: DomainError) -> PayloadT:
    """The payload of a case command the domain refused."""
    return payload(case=None, user_errors=user_errors(error))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Flags a child; the same child always has the same case.",
        permission_classes=[Needs(Operation.FLAG_CHILDREN)],
    )
    async def flag_child(self, info: Info, input: FlagChildInput) -> p.FlagChildPayload:
        child = Child(**vars(input.child))
        household = Household(**vars(input.household))
        cases, view = info.context.cases, info.context.view
        return await _answered(
            info,
            p.FlagChildPayload,
            lambda: cases.flag(
                view,
                child=child,
                household=household,
                source=input.source,
                indicators=input.indicators,
                note=input.note,
                tags=FlagTags(input.registry_category, input.mahalla_role),
            ),
        )

    @strawberry.mutation(
        description="Records a phone call, in any open status; the call that first reaches"
        " the family agrees the visit time, a follow-up call (after a visit) may.",
        permission_classes=CHANGE,
    )
    async def record_contact_attempt(
        self, info: Info, input: RecordContactAttemptInput
    ) -> p.RecordContactAttemptPayload:
        actor, cases = info.context.actor, info.context.cases
        return await change(
            info,
            p.RecordContactAttemptPayload,
            input.case_id,
            lambda case: case.record_contact_attempt(
                outcome=input.outcome,
                visit_scheduled_at=input.visit_scheduled_at,
                note=input.note,
                actor=actor,
                now=cases.now(),
            ),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Records a home visit and whether the child was seen, in any open status;"
        " after the consultation it follows the case up and keeps its status.",
        permission_classes=CHANGE,
    )
    async def record_visit(self, info: Info, input: RecordVisitInput) -> p.RecordVisitPayload:
        visit = Visit(
            visited_at=input.visited_at,
            child_seen=input.child_seen,
            guardian_present=input.guardian_present,
            observations=input.observations,
            safety_concern=input.safety_concern,
        )
        actor, cases = info.context.actor, info.context.cases
        return await change(
            info,
            p.RecordVisitPayload,
            input.case_id,
            lambda case: case.record_visit(visit=visit, actor=actor, now=cases.now()),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Records the consultation: needs and the individual work plan.",
        permission_classes=CHANGE,
    )
    async def record_consultation(
        self, info: Info, input: RecordConsultationInput
    ) -> p.RecordConsultationPayload:
        needs = [Need(n.domain, n.level, n.note) for n in input.needs]
        plan = [PlanItem(i.goal, i.service_category, i.due_on) for i in input.plan]
        actor = info.context.actor
        return await change(
            info,
            p.RecordConsultationPayload,
            input.case_id,
            lambda case: case.record_consultation(
                needs=needs, plan=plan, note=input.note, actor=actor
            ),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Refers the child to a service; needs the guardian's consent.",
        permission_classes=CHANGE,
    )
    async def refer_case(self, info: Info, input: ReferCaseInput) -> p.ReferCasePayload:
        try:
            target = await retrying(
                lambda: referral_target(
                    info, input.service_category, input.service_id, input.organisation_id
                ),
                what="referral target",
            )
        except DomainError as error:
            return refused(p.ReferCasePayload, error)
        actor = info.context.actor
        return await change(
            info,
            p.ReferCasePayload,
            input.case_id,
            lambda case: case.refer(
                service_category=target.service_category,
                provider=input.provider,
                reason=input.reason,
                consent_given=input.consent_given,
                actor=actor,
                organisation_id=target.organisation_id,
                service_id=target.service_id,
            ),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Closes an open case with a reason. A caseworker's closure for a reason the"
        " approval policy names is only requested: the case answers with `pendingApproval` and"
        " closes once a supervisor approves it.",
        permission_classes=CHANGE,
    )
    async def close_case(self, info: Info, input: CloseCaseInput) -> p.CloseCasePayload:
        actor, cases = info.context.actor, info.context.cases
        requested = cases.closure_waits_for_approval(info.context.caller, input.reason)
        return await change(
            info,
            p.CloseCasePayload,
            input.case_id,
            lambda case: (case.request_closure if requested else case.close)(
                reason=input.reason, note=input.note, actor=actor
            ),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Reopens a closed case for the current quarter.", permission_classes=CHANGE
    )
    async def reopen_case(self, info: Info, input: ReopenCaseInput) -> p.ReopenCasePayload:
        actor, cases = info.context.actor, info.context.cases
        return await change(
            info,
            p.ReopenCasePayload,
            input.case_id,
            lambda case: case.reopen(reason=input.reason, actor=actor, now=cases.now()),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Gives an open case to a caseworker on the roster (supervisors only).",
        permission_classes=[Needs(Operation.ASSIGN_CASES, Operation.CHANGE_CASES)],
    )
    async def assign_case(self, info: Info, input: AssignCaseInput) -> p.AssignCasePayload:
        member = await retrying(
            lambda: info.context.services.staff.get(input.caseworker), what="roster"
        )
        if member is None or member.role is not StaffRole.CASEWORKER:
            error = InvalidInput(
                f"no caseworker {input.caseworker!r} on the roster", ("caseworker",)
            )
            return refused(p.AssignCasePayload, error)
        actor = info.context.actor
        return await change(
            info,
            p.AssignCasePayload,
            input.case_id,
            lambda case: case.assign(caseworker=input.caseworker, reason=input.reason, actor=actor),
            input.expected_version,
        )
