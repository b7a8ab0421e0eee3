"""Every event of a report of concern, each with the topic it is stored under."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import Aggregate

from baxt.domain.concern.values import (
    ReportCloseReason,
    ReportedChild,
    Reporter,
    ReportPlace,
    ReportStatus,
)
from baxt.domain.languages import Language

if TYPE_CHECKING:
    from baxt.domain.concern.aggregate import ReportState

TOPIC_PREFIX = "baxt.domain.concern:ConcernReport."
"""Stored events name their classes so, wherever the class lives."""


class ConcernEvent(Aggregate.Event):
    """An event of a report of concern; every one records who did it."""

    actor: str


class ReportReceived(Aggregate.Created, ConcernEvent):
    """A report of concern was received and waits in its district's triage queue."""

    TOPIC = TOPIC_PREFIX + "ReportReceived"
    reference: str
    reporter: Reporter
    child: ReportedChild
    place: ReportPlace

    def apply(self, aggregate: ReportState) -> None:
        aggregate.reference = self.reference
        aggregate.reporter = self.reporter
        aggregate.child = self.child
        aggregate.place = self.place
        aggregate.received_by = self.actor
        aggregate.status = ReportStatus.OPEN
        aggregate.case_id = None
        aggregate.opened_case = False


class ReportHandled(ConcernEvent):
    """The report's wait in the queue ended. When its reporter may be told, the event names
    where (`notice_address`, sealed) and in which language: the notice says only that the
    report with this reference was handled."""

    notice_address: str
    notice_language: Language


class ReportLinkedToCase(ReportHandled):
    """The report was linked to a child's case: one found, or one opened from the report."""

    TOPIC = TOPIC_PREFIX + "ReportLinkedToCase"
    case_id: UUID
    opened_case: bool

    def apply(self, aggregate: ReportState) -> None:
        aggregate.status = ReportStatus.LINKED
        aggregate.case_id = self.case_id
        aggregate.opened_case = self.opened_case


class ReportClosed(ReportHandled):
    """The report was closed without a case, for a reason."""

    TOPIC = TOPIC_PREFIX + "ReportClosed"
    reason: ReportCloseReason
    note: str

    def apply(self, aggregate: ReportState) -> None:
        aggregate.status = ReportStatus.CLOSED
        aggregate.close_reason = self.reason
        aggregate.close_note = self.note


CONCERN_EVENTS: tuple[type[ConcernEvent], ...] = (ReportReceived, ReportLinkedToCase, ReportClosed)
"""Every event a report of concern stores."""
