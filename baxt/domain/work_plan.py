"""The individual work plan's goals: their stable IDs, and how a revision changes them.

A goal's ID is `uuid3` of the case ID and the goal's place in the plan (1, 2, …), so a
consultation's goals, replayed from an old history, get the same IDs every time, and the
read model's migration can compute them too (PostgreSQL has md5, which uuid3 is made of).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from datetime import date, datetime
from uuid import NAMESPACE_URL, UUID, uuid3

from baxt.domain.values import Goal, GoalChange, GoalNote, GoalStatus, PlanItem


@functools.lru_cache(maxsize=4096)
def goal_id(case_id: UUID, place: int) -> str:
    """The ID of the goal at `place` (from 1) of the case's work plan."""
    return str(uuid3(NAMESPACE_URL, f"baxt:{case_id}:goal:{place}"))


def goals_of_plan(case_id: UUID, plan: Sequence[PlanItem]) -> tuple[Goal, ...]:
    """A consultation's plan items as open goals, each with its ID."""
    return tuple(
        Goal(goal_id(case_id, place), item.goal, item.service_category, item.due_on)
        for place, item in enumerate(plan, start=1)
    )


def revised(
    goals: Sequence[Goal],
    added: Sequence[Goal],
    changed: Sequence[GoalChange],
    at: datetime,
    actor: str,
) -> tuple[Goal, ...]:
    """The goals with `changed` applied (each change's note added to its goal's notes, dated
    `at` and signed by `actor`), then `added` after them."""
    changes = {change.goal_id: change for change in changed}
    kept = tuple(
        _changed(goal, changes[goal.id], at, actor) if goal.id in changes else goal
        for goal in goals
    )
    return (*kept, *added)


def _changed(goal: Goal, change: GoalChange, at: datetime, actor: str) -> Goal:
    notes = (*goal.notes, GoalNote(change.note, at, actor)) if change.note else goal.notes
    return dataclasses.replace(
        goal,
        text=change.text or goal.text,
        service_category=change.service_category or goal.service_category,
        due_on=change.due_on or goal.due_on,
        status=change.status or goal.status,
        notes=notes,
    )


def open_goals(goals: Sequence[Goal]) -> int:
    """How many goals are still open."""
    return sum(goal.status is GoalStatus.OPEN for goal in goals)


def next_due_on(goals: Sequence[Goal]) -> date | None:
    """The earliest due date of an open goal; None when no goal is open."""
    return min((goal.due_on for goal in goals if goal.status is GoalStatus.OPEN), default=None)


def has_plan(goals: Sequence[Goal]) -> bool:
    """Whether the case has a work plan: a goal that is not dropped."""
    return any(goal.status is not GoalStatus.DROPPED for goal in goals)
