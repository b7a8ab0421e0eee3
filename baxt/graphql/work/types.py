from __future__ import annotations

import strawberry


@strawberry.type
class QuarterPlan:
    """A quarter's home visits in a place."""

    quarter: str
    due: int = strawberry.field(description="Open cases with a visit planned in the quarter.")
    done: int = strawberry.field(description="Of those, visits that saw the child.")
    overdue: int = strawberry.field(
        description="Past their due date, child not yet seen, case still open."
    )
    escalated: int = strawberry.field(description="Escalated during the quarter.")
