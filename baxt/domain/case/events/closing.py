"""A closure asked for, and the supervisor's decision on it."""

from __future__ import annotations

from baxt.domain.approvals import PendingClosure
from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState
from baxt.domain.values import (
    CloseReason,
)


class ClosureRequested(CaseEvent):
    """A caseworker asked to close the case; it stays open until a supervisor decides."""

    TOPIC = _TOPIC + "ClosureRequested"
    reason: CloseReason
    note: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_closure = PendingClosure(
            self.reason, self.note, self.actor, self.timestamp
        )


class ClosureDecided(CaseEvent):
    """A supervisor's decision on a requested closure, with who asked for it."""

    reason: CloseReason
    requested_by: str
    comment: str


class ClosureApproved(ClosureDecided):
    """A supervisor approved the closure; the `Closed` recorded with it closes the case."""

    TOPIC = _TOPIC + "ClosureApproved"

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_closure = None


class ClosureRejected(ClosureDecided):
    """A supervisor rejected the closure, saying why; the case goes on as it was."""

    TOPIC = _TOPIC + "ClosureRejected"

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_closure = None


class ClosureWithdrawn(CaseEvent):
    """The requested closure was withdrawn before a supervisor decided; the case goes on."""

    TOPIC = _TOPIC + "ClosureWithdrawn"
    reason: CloseReason
    requested_by: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_closure = None
