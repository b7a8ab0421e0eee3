"""The payloads of the household mutations."""

from __future__ import annotations

import strawberry

from baxt.graphql.cases.payloads import CasePayload
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.user_errors import UserError
from baxt.graphql.households.types import HouseholdNode


@strawberry.type
class RegisterHouseholdPayload:
    household: HouseholdNode | None
    user_errors: list[UserError]


@strawberry.type
class LinkCaseToHouseholdPayload(CasePayload):
    pass


@strawberry.type(description="What a household visit recorded on one child's case.")
class HouseholdVisitChild:
    case_id: strawberry.ID
    recorded: bool = strawberry.field(description="true when the visit is on the child's case.")
    case: CaseNode | None = strawberry.field(
        description="The case as it saved it; null when refused (see userErrors)."
    )
    user_errors: list[UserError]


@strawberry.type
class RecordHouseholdVisitPayload:
    children: list[HouseholdVisitChild] = strawberry.field(
        description="Each child of the input in order: recorded, or refused and why."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Every refusal: the household's, or each child's under input.children.<index>."
    )
