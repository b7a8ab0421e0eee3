from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import strawberry

from baxt.application.access_policy import Operation
from baxt.application.service import Command
from baxt.application.transient import retrying
from baxt.domain.errors import DomainError, InvalidInput
from baxt.domain.staff import StaffRole
from baxt.domain.values import Child, Household, Need, PlanItem, Visit
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
from baxt.graphql.cases.types import Case, UserError
from baxt.graphql.context import Info
from baxt.graphql.errors import to_field_path

PayloadT = TypeVar("PayloadT", bound=p.CasePayload)


async def _run(
    info: Info,
    payload: type[PayloadT],
    target: str | Household,
    build: Callable[[str], Command],
) -> PayloadT:
    """Runs the command built for the caller on `target` (a case ID, or the household of a
    child being flagged); a refused command becomes userErrors.

    Only the roles that work cases may change them, and only the cases in their reach: a case
    out of reach is refused exactly as a case that does not exist. The answer is the case as
    saved; a case saved out of the caller's reach is null with the warning SAVED_OUT_OF_REACH.
    """
    flagging = isinstance(target, Household)
    caller = info.context.allow(Operation.FLAG_CHILDREN if flagging else Operation.CHANGE_CASES)
    try:
        on = target if isinstance(target, Household) else case_uuid(target)
        answer = await info.context.cases.execute(info.context.view, on, build(caller.actor))
    except DomainError as error:
        return _refused(payload, error)
    say_after_commit(info, answer.after)
    if answer.row is None:
        info.context.notes.saved_out_of_reach(info.path.as_list())
        return payload(case=None, user_errors=[])
    if not await shown_after_commit(info, answer.row.case_id):
        return payload(case=None, user_errors=[])
    return payload(case=Case.from_row(answer.row), user_errors=[])


def _refused(payload: type[PayloadT], error: DomainError) -> PayloadT:
    field = to_field_path(error.field) if error.field else None
    return payload(
        case=None, user_errors=[UserError(field=field, message=error.message, code=error.code)]
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Flags a child; the same child always has the same case.")
    async def flag_child(self, info: Info, input: FlagChildInput) -> p.FlagChildPayload:
        child = Child(**vars(input.child))
        household = Household(**vars(input.household))
        return await _run(
            info,
            p.FlagChildPayload,
            household,
            lambda actor: (
                lambda app: app.flag_child(
                    child=child,
                    household=household,
                    source=input.source,
                    indicators=input.indicators,
                    note=input.note,
                    actor=actor,
                )
            ),
        )

    @strawberry.mutation(description="Records a phone call; REACHED agrees the visit time.")
    async def record_contact_attempt(
        self, info: Info, input: RecordContactAttemptInput
    ) -> p.RecordContactAttemptPayload:
        return await _run(
            info,
            p.RecordContactAttemptPayload,
            input.case_id,
            lambda actor: (
                lambda app: app.record_contact_attempt(
                    case_uuid(input.case_id),
                    outcome=input.outcome,
                    visit_scheduled_at=input.visit_scheduled_at,
                    note=input.note,
                    actor=actor,
                    expected_version=input.expected_version,
                )
            ),
        )

    @strawberry.mutation(description="Records a home visit and whether the child was seen.")
    async def record_visit(self, info: Info, input: RecordVisitInput) -> p.RecordVisitPayload:
        visit = Visit(
            visited_at=input.visited_at,
            child_seen=input.child_seen,
            guardian_present=input.guardian_present,
            observations=input.observations,
            safety_concern=input.safety_concern,
        )
        return await _run(
            info,
            p.RecordVisitPayload,
            input.case_id,
            lambda actor: (
                lambda app: app.record_visit(
                    case_uuid(input.case_id),
                    visit=visit,
                    actor=actor,
                    expected_version=input.expected_version,
                )
            ),
        )

    @strawberry.mutation(
        description="Records the consultation: needs and the individual work plan."
    )
    async def record_consultation(
        self, info: Info, input: RecordConsultationInput
    ) -> p.RecordConsultationPayload:
        needs = [Need(n.domain, n.level, n.note) for n in input.needs]
        plan = [PlanItem(i.goal, i.service_category, i.due_on) for i in input.plan]
        return await _run(
            info,
            p.RecordConsultationPayload,
            input.case_id,
            lambda actor: (
                lambda app: app.record_consultation(
                    case_uuid(input.case_id),
                    needs=needs,
                    plan=plan,
                    note=input.note,
                    actor=actor,
                    expected_version=input.expected_version,
                )
            ),
        )

    @strawberry.mutation(description="Refers the child to a service; needs the guardian's consent.")
    async def refer_case(self, info: Info, input: ReferCaseInput) -> p.ReferCasePayload:
        info.context.allow(Operation.CHANGE_CASES)
        try:
            target = await retrying(
                lambda: referral_target(
                    info, input.service_category, input.service_id, input.organisation_id
                ),
                what="referral target",
            )
        except DomainError as error:
            return _refused(p.ReferCasePayload, error)
        return await _run(
            info,
            p.ReferCasePayload,
            input.case_id,
            lambda actor: (
                lambda app: app.refer_case(
                    case_uuid(input.case_id),
                    service_category=target.service_category,
                    provider=input.provider,
                    reason=input.reason,
                    consent_given=input.consent_given,
                    actor=actor,
                    expected_version=input.expected_version,
                    organisation_id=target.organisation_id,
                    service_id=target.service_id,
                )
            ),
        )

    @strawberry.mutation(description="Closes an open case with a reason.")
    async def close_case(self, info: Info, input: CloseCaseInput) -> p.CloseCasePayload:
        return await _run(
            info,
            p.CloseCasePayload,
            input.case_id,
            lambda actor: (
                lambda app: app.close_case(
                    case_uuid(input.case_id),
                    reason=input.reason,
                    note=input.note,
                    actor=actor,
                    expected_version=input.expected_version,
                )
            ),
        )

    @strawberry.mutation(description="Reopens a closed case for the current quarter.")
    async def reopen_case(self, info: Info, input: ReopenCaseInput) -> p.ReopenCasePayload:
        return await _run(
            info,
            p.ReopenCasePayload,
            input.case_id,
            lambda actor: (
                lambda app: app.reopen_case(
                    case_uuid(input.case_id),
                    reason=input.reason,
                    actor=actor,
                    expected_version=input.expected_version,
                )
            ),
        )

    @strawberry.mutation(
        description="Gives an open case to a caseworker on the roster (supervisors only)."
    )
    async def assign_case(self, info: Info, input: AssignCaseInput) -> p.AssignCasePayload:
        info.context.allow(Operation.ASSIGN_CASES)
        member = await retrying(
            lambda: info.context.services.staff.get(input.caseworker), what="roster"
        )
        if member is None or member.role is not StaffRole.CASEWORKER:
            error = InvalidInput(
                f"no caseworker {input.caseworker!r} on the roster", ("caseworker",)
            )
            return _refused(p.AssignCasePayload, error)
        return await _run(
            info,
            p.AssignCasePayload,
            input.case_id,
            lambda actor: (
                lambda app: app.assign_case(
                    case_uuid(input.case_id),
                    caseworker=input.caseworker,
                    reason=input.reason,
                    actor=actor,
                    expected_version=input.expected_version,
                )
            ),
        )
