"""Case reviews: after the consultation, `record_review` records each quarter's review of an
open case, with the risk found, progress notes on goals of the work plan, and when the next
review is due (by default the end of the following quarter). The quarter's planner plans the
first review of a case that has none due (`plan_review`); a reopening ends the episode's
reviews, so a case consulted again gets a fresh one planned.

`Case` inherits this command; the event it records lives, with the rest of the case's, in
`events`. Progress notes land on their goals as a revision's notes do.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from baxt.domain import validation as check
from baxt.domain.case import events, rules
from baxt.domain.case.state import CaseState
from baxt.domain.errors import InvalidInput, InvalidTransition
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.values import CaseStatus, GoalChange, RiskLevel

REVIEWABLE = (CaseStatus.CONSULTED, CaseStatus.REFERRED)
"""The statuses in which a case is reviewed."""


def default_next_review(reviewed_on: date) -> date:
    """The last day of the quarter after the one `reviewed_on` falls in."""
    return Quarter(reviewed_on.year, (reviewed_on.month - 1) // 3 + 1).next().last_day


class CaseReviews(CaseState):
    """The quarterly reviews of a consulted or referred case."""

    def record_review(
        self,
        *,
        reviewed_on: date,
        risk_level: RiskLevel,
        actor: str,
        now: datetime,
        next_review_due: date | None = None,
        progress: Sequence[tuple[str, str]] = (),
        note: str = "",
    ) -> None:
        """Records the review held on `reviewed_on`: the risk found, a progress note on each
        goal of `progress` (goal ID, note), and when the next review is due."""
        self._require_reviewable()
        reviewed_on = check.day_between(reviewed_on, ("reviewed_on",))
        if reviewed_on > local_date(now):
            raise InvalidInput("a review cannot be recorded before it happens", ("reviewed_on",))
        due = default_next_review(reviewed_on) if next_review_due is None else next_review_due
        check.day_between(due, ("next_review_due",))
        if due <= reviewed_on:
            raise InvalidInput("the next review must lie after this one", ("next_review_due",))
        self.trigger_event(
            events.ReviewRecorded,
            reviewed_on=reviewed_on,
            risk_level=risk_level,
            next_review_due=due,
            progress=self._checked_progress(progress),
            note=check.note(note, ("note",)),
            actor=actor,
        )

    def plan_review(self, *, quarter: Quarter, actor: str) -> bool:
        """Plans the quarter's review of a consulted or referred case that has none due, due
        by the quarter's last day. False, recording nothing, when the case is not reviewed
        now or a review is due already: an overdue review stays overdue."""
        if self.erased or self.status not in REVIEWABLE or self.next_review_due is not None:
            return False
        self.trigger_event(
            events.ReviewPlanned, quarter=str(quarter), due_on=quarter.last_day, actor=actor
        )
        return True

    def remind_review_overdue(self, *, today: date, supervisor_after_days: int, actor: str) -> bool:
        """Reports the case's review as overdue, once a level, as an overdue visit is;
        False when no review is due."""
        due = self.next_review_due
        if self.erased or self.status not in REVIEWABLE or due is None:
            return False
        days = (today - due).days
        if days <= 0:
            return False
        level = rules.overdue_level(days, supervisor_after_days, self.caseworker is not None)
        if f"{due.isoformat()}:{level.value}" in self.review_reminders:
            return False
        self.trigger_event(
            events.ReviewOverdue,
            due_on=due,
            level=level,
            days_overdue=days,
            caseworker=self.caseworker,
            actor=actor,
        )
        return True

    def _require_reviewable(self) -> None:
        self._require_not_erased()
        if self.status not in REVIEWABLE:
            names = ", ".join(s.value for s in REVIEWABLE)
            raise InvalidTransition(
                f"a review cannot be recorded while the case is {self.status.value}"
                f" (allowed from: {names})"
            )

    def _checked_progress(self, progress: Sequence[tuple[str, str]]) -> tuple[GoalChange, ...]:
        known = {goal.id for goal in self.goals}
        seen: set[str] = set()
        checked = []
        for index, (goal, text) in enumerate(progress):
            field = ("progress", str(index))
            if goal not in known:
                raise InvalidInput("the work plan has no such goal", (*field, "goal_id"))
            if goal in seen:
                raise InvalidInput("note each goal once per review", (*field, "goal_id"))
            seen.add(goal)
            checked.append(GoalChange(goal, note=check.note(text, (*field, "note"), required=True)))
        return tuple(checked)
