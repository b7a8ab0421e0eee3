"""The individual work plan kept up: revisions, and the quarterly reviews."""

from __future__ import annotations

from datetime import date

from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState
from baxt.domain.values import (
    Goal,
    GoalChange,
    OverdueLevel,
    RiskLevel,
)
from baxt.domain.work_plan import revised


class WorkPlanRevised(CaseEvent):
    """The work plan was revised, for a reason: goals added, and goals changed (their text,
    category, due date or status, DROPPED among them) or given a progress note."""

    TOPIC = _TOPIC + "WorkPlanRevised"
    reason: str
    added: tuple[Goal, ...]
    changed: tuple[GoalChange, ...]

    def apply(self, aggregate: CaseState) -> None:
        aggregate.goals = revised(
            aggregate.goals, self.added, self.changed, self.timestamp, self.actor
        )


class ReviewRecorded(CaseEvent):
    """A case review: the risk found, the progress on goals of the work plan (each a goal's
    ID and a progress note), and when the next review is due."""

    TOPIC = _TOPIC + "ReviewRecorded"
    reviewed_on: date
    risk_level: RiskLevel
    next_review_due: date
    progress: tuple[GoalChange, ...]
    note: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.goals = revised(aggregate.goals, (), self.progress, self.timestamp, self.actor)
        aggregate.last_reviewed_on = self.reviewed_on
        aggregate.risk_level = self.risk_level
        aggregate.next_review_due = self.next_review_due


class ReviewOverdue(CaseEvent):
    """The case's review is past its due date; reported once a level."""

    TOPIC = _TOPIC + "ReviewOverdue"
    due_on: date
    level: OverdueLevel
    days_overdue: int
    caseworker: str | None

    def apply(self, aggregate: CaseState) -> None:
        key = f"{self.due_on.isoformat()}:{self.level.value}"
        aggregate.review_reminders = (*aggregate.review_reminders, key)


class ReviewPlanned(CaseEvent):
    """The planner planned the quarter's review of a case with none due, due by the quarter's
    last day."""

    TOPIC = _TOPIC + "ReviewPlanned"
    quarter: str
    due_on: date

    def apply(self, aggregate: CaseState) -> None:
        aggregate.next_review_due = self.due_on
