"""Keeping a case: its caseworker, the quarter's plan, reminders, escalations, its closing
and the erasure of the child's data."""

from __future__ import annotations

from datetime import date

from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState
from baxt.domain.values import (
    CaseStatus,
    CloseReason,
    EscalationLevel,
    OverdueLevel,
)


class Closed(CaseEvent):
    """The case was closed, for a reason."""

    TOPIC = _TOPIC + "Closed"
    reason: CloseReason
    note: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.status = CaseStatus.CLOSED
        aggregate.close_reason = self.reason
        aggregate.pending_closure = None
        aggregate.pending_transfer = None
        aggregate.pending_revision = None
        aggregate.pending_transfer_approval = None


class Assigned(CaseEvent):
    """The case was given to a caseworker."""

    TOPIC = _TOPIC + "Assigned"
    caseworker: str
    reason: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.caseworker = self.caseworker


class VisitPlanned(CaseEvent):
    """The quarter's home visit was planned, due by the quarter's last day."""

    TOPIC = _TOPIC + "VisitPlanned"
    quarter: str
    due_on: date

    def apply(self, aggregate: CaseState) -> None:
        aggregate.planned_quarters = (*aggregate.planned_quarters, self.quarter)
        aggregate.visit_due_on = self.due_on


class VisitOverdue(CaseEvent):
    """The quarter's home visit is overdue; reported once a level."""

    TOPIC = _TOPIC + "VisitOverdue"
    quarter: str
    level: OverdueLevel
    days_overdue: int
    caseworker: str | None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.reminders = (*aggregate.reminders, f"{self.quarter}:{self.level.value}")


class Escalated(CaseEvent):
    """The case was escalated, after calls or visits that failed too often."""

    TOPIC = _TOPIC + "Escalated"
    level: EscalationLevel
    reason: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.escalation = self.level


class ChildDataErased(CaseEvent):
    """The child's personal data was erased, on a legal reason; the case is closed for good.

    `household_members` are the positions of the child's own entries in the members list of
    the household the case was linked to, which the household's row then forgets; None when
    there are none, as in the erasures stored before they were recorded.
    """

    TOPIC = _TOPIC + "ChildDataErased"
    legal_reason: str
    household_members: tuple[int, ...] | None = None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.erased = True
        aggregate.status = CaseStatus.CLOSED
        aggregate.close_reason = CloseReason.DATA_ERASED
        aggregate.visit_scheduled_at = None
        aggregate.pending_closure = None
        aggregate.pending_transfer = None
        aggregate.pending_revision = None
        aggregate.pending_transfer_approval = None
        aggregate.household_id = None  # erasing the child unlinks the case
