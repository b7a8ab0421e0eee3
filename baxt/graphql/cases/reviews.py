"""Case reviews: `recordReview` records a consulted or referred case's quarterly review, with
the risk found, progress notes on goals of the work plan, and when the next review is due."""

from __future__ import annotations

import datetime as dt

import strawberry

import baxt.graphql.cases.enums  # noqa: F401 - registers the domain enums with Strawberry
from baxt.domain import values
from baxt.graphql.cases import payloads as p
from baxt.graphql.cases.mutations import CHANGE, change
from baxt.graphql.core.context import Info


@strawberry.input(description="A progress note on one goal of the work plan.")
class GoalProgressInput:
    goal_id: strawberry.ID
    note: str


@strawberry.input(description="A case review.")
class RecordReviewInput:
    case_id: strawberry.ID
    reviewed_on: dt.date = strawberry.field(description="When the review was held; not later.")
    risk_level: values.RiskLevel
    next_review_due: dt.date | None = strawberry.field(
        default=None,
        description="When the next review is due, after this one; by default the last day"
        " of the following quarter.",
    )
    progress: list[GoalProgressInput] = strawberry.field(default_factory=list)
    note: str = ""
    expected_version: int | None = None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Records the review of a consulted or referred case: the risk found,"
        " progress notes on goals of its work plan, and when the next review is due.",
        permission_classes=CHANGE,
    )
    async def record_review(self, info: Info, input: RecordReviewInput) -> p.RecordReviewPayload:
        actor, cases = info.context.actor, info.context.cases
        progress = [(str(item.goal_id), item.note) for item in input.progress]
        return await change(
            info,
            p.RecordReviewPayload,
            input.case_id,
            lambda case: case.record_review(
                reviewed_on=input.reviewed_on,
                risk_level=input.risk_level,
                next_review_due=input.next_review_due,
                progress=progress,
                note=input.note,
                actor=actor,
                now=cases.now(),
            ),
            input.expected_version,
        )
