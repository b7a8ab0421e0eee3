"""The payloads of the duplicate mutations."""

from __future__ import annotations

import strawberry

from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.user_errors import UserError


@strawberry.type
class MergeCasesPayload:
    kept_case: CaseNode | None = strawberry.field(description="The kept case, as saved.")
    merged_case: CaseNode | None = strawberry.field(
        description="The merged case, as saved: CLOSED as DUPLICATE, `mergedInto` the kept one."
    )
    user_errors: list[UserError]


@strawberry.type
class MarkNotDuplicatePayload:
    case: CaseNode | None
    other_case: CaseNode | None
    user_errors: list[UserError]
