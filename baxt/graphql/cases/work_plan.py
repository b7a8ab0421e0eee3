"""Keeping the individual work plan up: `reviseWorkPlan` adds goals and changes them, with a
reason, on a consulted or referred case; a change may be only a progress note."""

from __future__ import annotations

import datetime as dt

import strawberry

import baxt.graphql.cases.enums  # noqa: F401 - registers the domain enums with Strawberry
from baxt.domain import values
from baxt.domain.approvals import ApprovalKind
from baxt.graphql.cases import payloads as p
from baxt.graphql.cases.inputs import PlanItemInput
from baxt.graphql.cases.mutations import CHANGE, change
from baxt.graphql.core.context import Info


@strawberry.input(
    description="What to change of one goal: only the fields given change. A status of"
    " DROPPED drops the goal; a note alone records its progress."
)
class GoalChangeInput:
    goal_id: strawberry.ID
    text: str | None = None
    service_category: str | None = strawberry.field(
        default=None, description="A ServiceCategory value, e.g. SPEECH_THERAPY."
    )
    due_on: dt.date | None = None
    status: values.GoalStatus | None = None
    note: str | None = strawberry.field(default=None, description="A note on its progress.")


@strawberry.input(description="A revision of the work plan: goals to add and goals to change.")
class ReviseWorkPlanInput:
    case_id: strawberry.ID
    reason: str = strawberry.field(description="Why the plan is revised; required.")
    add: list[PlanItemInput] = strawberry.field(
        default_factory=list, description="New goals, open; serviceCategory a ServiceCategory."
    )
    change: list[GoalChangeInput] = strawberry.field(default_factory=list)
    expected_version: int | None = None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Revises the work plan of a consulted or referred case, with a reason:"
        " adds goals, changes their text, category, due date or status, notes their progress."
        " Where the approval policy says so, a caseworker's revision is a request that takes"
        " effect once a supervisor approves it (Case.pendingApproval, kind WORK_PLAN).",
        permission_classes=CHANGE,
    )
    async def revise_work_plan(
        self, info: Info, input: ReviseWorkPlanInput
    ) -> p.ReviseWorkPlanPayload:
        actor, cases = info.context.actor, info.context.cases
        requested = cases.waits_for_approval(info.context.caller, ApprovalKind.WORK_PLAN)
        add = [values.PlanItem(i.goal, i.service_category, i.due_on) for i in input.add]
        changes = [_change(c) for c in input.change]
        return await change(
            info,
            p.ReviseWorkPlanPayload,
            input.case_id,
            lambda case: (case.request_work_plan_revision if requested else case.revise_work_plan)(
                reason=input.reason, actor=actor, add=add, change=changes
            ),
            input.expected_version,
        )


def _change(given: GoalChangeInput) -> values.GoalChange:
    return values.GoalChange(
        goal_id=str(given.goal_id),
        text=given.text,
        service_category=given.service_category,
        due_on=given.due_on,
        status=given.status,
        note=given.note,
    )
