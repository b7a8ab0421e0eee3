"""Keeping the individual work plan up: `revise_work_plan` adds goals and changes them (text,
category, due date, status, a progress note), for a reason, on a consulted or referred case.

`Case` inherits this command; the event it records lives, with the rest of the case's, in
`events`. A plan follows a consultation, so a case not yet consulted has none to revise; a
closed case is reopened first.
"""

from __future__ import annotations

from collections.abc import Sequence

from baxt.domain import validation as check
from baxt.domain.case import events
from baxt.domain.case.state import CaseState
from baxt.domain.errors import InvalidInput, InvalidTransition
from baxt.domain.service_categories import ServiceCategory
from baxt.domain.values import CaseStatus, Goal, GoalChange, PlanItem
from baxt.domain.work_plan import goal_id

REVISABLE = (CaseStatus.CONSULTED, CaseStatus.REFERRED)
"""The statuses in which a case's work plan may be revised."""


class CaseWorkPlan(CaseState):
    """The revisions of a case's individual work plan."""

    def revise_work_plan(
        self,
        *,
        reason: str,
        actor: str,
        add: Sequence[PlanItem] = (),
        change: Sequence[GoalChange] = (),
    ) -> list[str]:
        """Adds the goals `add` (open) and makes the changes `change` to the plan's goals, for
        `reason`; returns the IDs of the goals added. A goal is dropped by a change of its
        status to DROPPED; a change may carry only a progress note. Refused while a requested
        revision waits for a supervisor."""
        self._require_revisable()
        self._require_no_revision_waiting()
        return self._revise(reason, add, change, actor)

    def _require_no_revision_waiting(self) -> None:
        if self.pending_revision is not None:
            raise InvalidTransition(
                "a revision of this work plan waits for a supervisor's decision; it is"
                " approved, rejected or withdrawn first"
            )

    def _revise(
        self, reason: str, add: Sequence[PlanItem], change: Sequence[GoalChange], actor: str
    ) -> list[str]:
        reason, added, changed = self._checked_revision(reason, add, change)
        self.trigger_event(
            events.WorkPlanRevised, reason=reason, added=added, changed=changed, actor=actor
        )
        return [goal.id for goal in added]

    def _checked_revision(
        self, reason: str, add: Sequence[PlanItem], change: Sequence[GoalChange]
    ) -> tuple[str, tuple[Goal, ...], tuple[GoalChange, ...]]:
        """The reason, the goals to add and the changes, checked against the plan as it is."""
        reason = check.note(reason, ("reason",), required=True)
        if not add and not change:
            raise InvalidInput("give at least one goal to add or change")
        added = tuple(
            self._new_goal(item, i, len(self.goals) + 1 + i) for i, item in enumerate(add)
        )
        return reason, added, self._checked_changes(change)

    def _require_revisable(self) -> None:
        self._require_not_erased()
        if self.status not in REVISABLE:
            names = ", ".join(s.value for s in REVISABLE)
            raise InvalidTransition(
                f"the work plan cannot be revised while the case is {self.status.value}"
                f" (allowed from: {names})"
            )

    def _new_goal(self, item: PlanItem, index: int, place: int) -> Goal:
        field = ("add", str(index))
        return Goal(
            id=goal_id(self.id, place),
            text=check.note(item.goal, (*field, "goal"), required=True),
            service_category=_category(item.service_category, (*field, "service_category")),
            due_on=check.day_between(item.due_on, (*field, "due_on")),
        )

    def _checked_changes(self, changes: Sequence[GoalChange]) -> tuple[GoalChange, ...]:
        known = {goal.id for goal in self.goals}
        seen: set[str] = set()
        checked = []
        for index, change in enumerate(changes):
            field = ("change", str(index))
            if change.goal_id not in known:
                raise InvalidInput("the work plan has no such goal", (*field, "goal_id"))
            if change.goal_id in seen:
                raise InvalidInput("change each goal once per revision", (*field, "goal_id"))
            seen.add(change.goal_id)
            checked.append(_checked_change(change, field))
        return tuple(checked)


def _checked_change(change: GoalChange, field: tuple[str, ...]) -> GoalChange:
    given = (change.text, change.service_category, change.due_on, change.status, change.note)
    if all(value is None for value in given):
        raise InvalidInput("give at least one thing to change of the goal", field)
    text, category, due_on = change.text, change.service_category, change.due_on
    return GoalChange(
        goal_id=change.goal_id,
        text=None if text is None else check.note(text, (*field, "text"), required=True),
        service_category=None
        if category is None
        else _category(category, (*field, "service_category")),
        due_on=None if due_on is None else check.day_between(due_on, (*field, "due_on")),
        status=change.status,
        note=None
        if change.note is None
        else check.note(change.note, (*field, "note"), required=True),
    )


def _category(value: str, field: tuple[str, ...]) -> str:
    category = check.text(value, field)
    if category not in ServiceCategory.__members__:
        raise InvalidInput(f"{category} is not a service category", field)
    return category
