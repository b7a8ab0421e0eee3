"""Registering a household, linking a child's case to it, and one visit for its children."""

from __future__ import annotations

from uuid import UUID

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.households.service import ChildVisit, ChildVisitOutcome
from baxt.domain.errors import DomainError, InvalidInput
from baxt.domain.household import Address, Guardian, Member
from baxt.domain.values import Visit
from baxt.graphql.after_commit import say_after_commit
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.cases.mutations import refused
from baxt.graphql.cases.saved import saved_case
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import to_field_path
from baxt.graphql.core.permissions import Needs
from baxt.graphql.core.user_errors import UserError, user_errors
from baxt.graphql.households import payloads as p
from baxt.graphql.households.ids import household_uuid
from baxt.graphql.households.inputs import (
    HouseholdVisitChildInput,
    LinkCaseToHouseholdInput,
    RecordHouseholdVisitInput,
    RegisterHouseholdInput,
)
from baxt.graphql.households.types import HouseholdNode

CHANGE = [Needs(Operation.CHANGE_CASES)]


async def _child_result(
    info: Info, index: int, outcome: ChildVisitOutcome, given: str
) -> p.HouseholdVisitChild:
    if outcome.answer is None:
        error = outcome.refusal
        assert error is not None
        field = to_field_path(("children", str(index), *error.field))
        errors = [UserError(field=field, specific=error.message, code=error.code)]
        return p.HouseholdVisitChild(
            case_id=strawberry.ID(given), recorded=False, case=None, user_errors=errors
        )
    case = await saved_case(info, outcome.answer)
    return p.HouseholdVisitChild(
        case_id=strawberry.ID(given), recorded=True, case=case, user_errors=[]
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Registers a household record: its guardians, address and members.",
        permission_classes=[Needs(Operation.FLAG_CHILDREN)],
    )
    async def register_household(
        self, info: Info, input: RegisterHouseholdInput
    ) -> p.RegisterHouseholdPayload:
        households, view = info.context.households, info.context.view
        try:
            row = await households.register(
                view,
                guardians=[Guardian(g.full_name, g.phone, g.relation) for g in input.guardians],
                address=Address(**vars(input.address)),
                members=[Member(m.full_name, m.birth_date, m.relation) for m in input.members],
            )
        except DomainError as error:
            return p.RegisterHouseholdPayload(household=None, user_errors=user_errors(error))
        errors = [
            error
            for index, case_id in enumerate(input.case_ids)
            for error in await _linked(info, row.household_id, case_id, index)
        ]
        await record_household_read(info, row.household_id)
        node = HouseholdNode.from_row(row)
        return p.RegisterHouseholdPayload(household=node, user_errors=errors)

    @strawberry.mutation(
        description="Links a child's case to the household record of the child's family.",
        permission_classes=CHANGE,
    )
    async def link_case_to_household(
        self, info: Info, input: LinkCaseToHouseholdInput
    ) -> p.LinkCaseToHouseholdPayload:
        try:
            household_id = household_uuid(input.household_id)
            answer = await info.context.households.link_case(
                info.context.view, household_id, case_uuid(input.case_id)
            )
        except DomainError as error:
            return refused(p.LinkCaseToHouseholdPayload, error)
        return p.LinkCaseToHouseholdPayload(case=await saved_case(info, answer), user_errors=[])

    @strawberry.mutation(
        description="Records one home visit to a household for several of its children: each"
        " child's case gets its own visit, by its own rules; a case that refuses is reported"
        " in its entry and the others are recorded all the same.",
        permission_classes=CHANGE,
    )
    async def record_household_visit(
        self, info: Info, input: RecordHouseholdVisitInput
    ) -> p.RecordHouseholdVisitPayload:
        visit = Visit(input.visited_at, False, input.guardian_present, "", False)
        parsed = _parsed_children(input.children)
        try:
            recorded = await info.context.households.record_visit(
                info.context.view,
                household_uuid(input.household_id),
                visit=visit,
                children=[c for c in parsed if isinstance(c, ChildVisit)],
            )
        except DomainError as error:
            return p.RecordHouseholdVisitPayload(children=[], user_errors=user_errors(error))
        outcomes = iter(recorded)
        results = [
            await _child_result(
                info, i, next(outcomes) if isinstance(c, ChildVisit) else c, given.case_id
            )
            for i, (c, given) in enumerate(zip(parsed, input.children, strict=True))
        ]
        errors = [error for result in results for error in result.user_errors]
        return p.RecordHouseholdVisitPayload(children=results, user_errors=errors)


async def _linked(info: Info, household_id: UUID, case_id: str, index: int) -> list[UserError]:
    """Links one case named on registration; its refusal, under input.caseIds.<index>."""
    view = info.context.view
    try:
        answer = await info.context.households.link_case(view, household_id, case_uuid(case_id))
    except DomainError as error:
        field = to_field_path(("case_ids", str(index)))
        return [UserError(field=field, specific=error.message, code=error.code)]
    say_after_commit(info, answer.after)
    return []


def _parsed_children(
    children: list[HouseholdVisitChildInput],
) -> list[ChildVisit | ChildVisitOutcome]:
    """Each child's visit, or the refusal of an entry that names no case or a case again."""
    parsed: list[ChildVisit | ChildVisitOutcome] = []
    seen: set[UUID] = set()
    for child in children:
        try:
            case_id = case_uuid(child.case_id)
        except DomainError as error:
            parsed.append(ChildVisitOutcome(None, refusal=error))
            continue
        if case_id in seen:
            twice = InvalidInput("this case is listed twice", ("case_id",))
            parsed.append(ChildVisitOutcome(case_id, refusal=twice))
            continue
        seen.add(case_id)
        parsed.append(
            ChildVisit(case_id, child.child_seen, child.observations, child.safety_concern)
        )
    return parsed


async def record_household_read(info: Info, household_id: UUID) -> None:
    """Records that the caller is shown the household record it just saved."""
    await record_case_reads(info, [household_id])
