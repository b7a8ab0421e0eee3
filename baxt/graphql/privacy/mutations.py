"""Erasing a child's personal data on a legal order (crypto-shredding), for admins."""

from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.domain.errors import DomainError
from baxt.graphql.after_commit import say_after_commit
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.core.user_errors import UserError, user_errors


@strawberry.input
class EraseChildDataInput:
    case_id: strawberry.ID
    legal_reason: str = strawberry.field(
        description="The legal ground, e.g. the court order's number; kept readable forever, "
        "so it must name no one."
    )


@strawberry.type
class EraseChildDataPayload:
    case_id: strawberry.ID | None
    version: int | None = strawberry.field(description="The case's version after the erasure.")
    user_errors: list[UserError]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Erases a child's personal data for good, on a legal order (admins): the "
        "child's key is destroyed, so every name, PINFL, phone and note in the case's events "
        "reads as erased. The case is closed; it still replays and its audit proofs hold.",
        permission_classes=[Needs(Operation.ERASE_CHILD_DATA)],
    )
    async def erase_child_data(
        self, info: Info, input: EraseChildDataInput
    ) -> EraseChildDataPayload:
        caller = info.context.caller
        try:
            case_id = case_uuid(input.case_id)
            answer = await info.context.cases.erase_child_data(
                caller, case_id, legal_reason=input.legal_reason
            )
        except DomainError as error:
            return EraseChildDataPayload(case_id=None, version=None, user_errors=user_errors(error))
        say_after_commit(info, answer.after)
        version = answer.saved.version
        return EraseChildDataPayload(case_id=input.case_id, version=version, user_errors=[])
