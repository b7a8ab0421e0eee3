"""The inputs of the duplicate mutations."""

from __future__ import annotations

import strawberry


@strawberry.input
class MergeCasesInput:
    kept_case_id: strawberry.ID = strawberry.field(description="The case that goes on.")
    merged_case_id: strawberry.ID = strawberry.field(
        description="The duplicate: it closes as DUPLICATE, linked to the kept case."
    )
    reason: str = strawberry.field(description="Why they are one child's, for both histories.")


@strawberry.input
class MarkNotDuplicateInput:
    case_id: strawberry.ID
    other_case_id: strawberry.ID
    note: str = ""
