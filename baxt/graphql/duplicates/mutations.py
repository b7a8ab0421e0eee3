"""Merging a duplicate case into the kept one, and marking a pair as not duplicates."""

from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.domain.errors import DomainError
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.cases.saved import saved_case
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.core.user_errors import user_errors
from baxt.graphql.duplicates import payloads as p
from baxt.graphql.duplicates.inputs import MarkNotDuplicateInput, MergeCasesInput

CHANGE = [Needs(Operation.CHANGE_CASES)]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Merges a duplicate case into the kept one: the duplicate closes as"
        " DUPLICATE with `mergedInto` the kept case, which lists it in `mergedCases`; both"
        " histories stay whole. You must reach both cases.",
        permission_classes=CHANGE,
    )
    async def merge_cases(self, info: Info, input: MergeCasesInput) -> p.MergeCasesPayload:
        try:
            answer = await info.context.duplicates.merge(
                info.context.view,
                case_uuid(input.kept_case_id, ("kept_case_id",)),
                case_uuid(input.merged_case_id, ("merged_case_id",)),
                reason=input.reason,
            )
        except DomainError as error:
            return p.MergeCasesPayload(
                kept_case=None, merged_case=None, user_errors=user_errors(error)
            )
        return p.MergeCasesPayload(
            kept_case=await saved_case(info, answer.first),
            merged_case=await saved_case(info, answer.second),
            user_errors=[],
        )

    @strawberry.mutation(
        description="Records on both cases that they are not one child's: the pair is no"
        " longer proposed as duplicates. You must reach both cases.",
        permission_classes=CHANGE,
    )
    async def mark_not_duplicate(
        self, info: Info, input: MarkNotDuplicateInput
    ) -> p.MarkNotDuplicatePayload:
        try:
            answer = await info.context.duplicates.mark_not_duplicate(
                info.context.view,
                case_uuid(input.case_id),
                case_uuid(input.other_case_id, ("other_case_id",)),
                note=input.note,
            )
        except DomainError as error:
            return p.MarkNotDuplicatePayload(
                case=None, other_case=None, user_errors=user_errors(error)
            )
        return p.MarkNotDuplicatePayload(
            case=await saved_case(info, answer.first),
            other_case=await saved_case(info, answer.second),
            user_errors=[],
        )
