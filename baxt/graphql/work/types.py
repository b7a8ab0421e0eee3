from __future__ import annotations

import strawberry


@strawberry.type
class QuarterPlan:
    """A quarter's home visits and case reviews in a place."""

    quarter: str
    due: int = strawberry.field(description="Open cases with a visit planned in the quarter.")
    done: int = strawberry.field(description="Of those, visits that saw the child.")
    overdue: int = strawberry.field(
        description="Past their due date, child not yet seen, case still open."
    )
    escalated: int = strawberry.field(description="Escalated during the quarter.")
    reviews_due: int = strawberry.field(
        default=0,
        description="Consulted or referred cases whose review falls due within the quarter.",
    )
    reviews_overdue: int = strawberry.field(
        default=0,
        description="Consulted or referred cases whose review, due by the quarter's end, is"
        " past its due date and not recorded; one overdue since an earlier quarter counts too.",
    )
    home_visits: int = strawberry.field(
        default=0,
        description="The home visits the planned ones make: one per household record whose"
        " children's cases are planned (one visit recorded for all of them), one per case"
        " linked to no household.",
    )
