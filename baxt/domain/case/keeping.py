"""Keeping a case in hand: its caseworker, the quarter's planned visit and its reminder.

`Case` inherits these commands; the planner and the reminders call them.
"""

from __future__ import annotations

from datetime import date

from baxt.domain import validation as check
from baxt.domain.case import events, rules
from baxt.domain.case.state import CaseState
from baxt.domain.quarter import Quarter


class CaseKeeping(CaseState):
    """Who has the case, and the quarter's visit planned and reminded."""

    def assign(self, *, caseworker: str, reason: str, actor: str) -> bool:
        """Gives an open case to a caseworker; False when it is theirs already."""
        self._require(*rules.OPEN)
        caseworker = check.text(caseworker, ("caseworker",))
        if caseworker == self.caseworker:
            return False
        self.trigger_event(
            events.Assigned,
            caseworker=caseworker,
            reason=check.note(reason, ("reason",)),
            actor=actor,
        )
        return True

    def plan_visit(self, *, quarter: Quarter, actor: str) -> bool:
        """Plans the quarter's home visit, due by its last day; False when already planned."""
        self._require(*rules.OPEN)
        if str(quarter) in self.planned_quarters:
            return False
        self.trigger_event(
            events.VisitPlanned, quarter=str(quarter), due_on=quarter.last_day, actor=actor
        )
        return True

    def remind_overdue(self, *, today: date, supervisor_after_days: int, actor: str) -> bool:
        """Reports the quarter's home visit as overdue, once a level; False when not due."""
        if not self.is_open or not self.planned_quarters or self.visit_due_on is None:
            return False
        quarter = self.planned_quarters[-1]
        days = (today - self.visit_due_on).days
        if days <= 0 or quarter in self.seen_quarters:
            return False
        level = rules.overdue_level(days, supervisor_after_days, self.caseworker is not None)
        if f"{quarter}:{level.value}" in self.reminders:
            return False
        self.trigger_event(
            events.VisitOverdue,
            quarter=quarter,
            level=level,
            days_overdue=days,
            caseworker=self.caseworker,
            actor=actor,
        )
        return True
