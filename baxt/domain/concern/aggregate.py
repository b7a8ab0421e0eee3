"""The report of concern: received with or without the child's PINFL, then linked to a case
once the child is identified, or closed with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias
from uuid import UUID

from eventsourcing.domain import Aggregate

from baxt.domain import validation as check
from baxt.domain.concern import events
from baxt.domain.concern.values import (
    ReportCloseReason,
    ReportedChild,
    Reporter,
    ReportPlace,
    ReportStatus,
    report_reference,
)
from baxt.domain.errors import InvalidInput, ReportAlreadyHandled

MAX_APPROXIMATE_AGE = 17


class ReportState:
    """What a report knows: the attributes its events set."""

    id: UUID
    reference: str
    reporter: Reporter
    child: ReportedChild
    place: ReportPlace
    status: ReportStatus
    received_by: str
    case_id: UUID | None
    opened_case: bool
    close_reason: ReportCloseReason | None = None
    close_note: str = ""


class ConcernReport(ReportState, Aggregate, created_event_name="ReportReceived"):
    """A report of concern about a child who needs help, waiting in its district's queue."""

    TOPIC = "baxt.domain.concern:ConcernReport"
    if TYPE_CHECKING:
        Event: TypeAlias = events.ConcernEvent
        Created: TypeAlias = events.ReportReceived
        ReportReceived: TypeAlias = events.ReportReceived
        ReportLinkedToCase: TypeAlias = events.ReportLinkedToCase
        ReportClosed: TypeAlias = events.ReportClosed
    else:
        vars().update(
            Event=events.ConcernEvent,
            Created=events.ReportReceived,
            **{event.__name__: event for event in events.CONCERN_EVENTS},
        )

    @classmethod
    def receive(
        cls,
        *,
        report_id: UUID,
        reporter: Reporter,
        child: ReportedChild,
        place: ReportPlace,
        actor: str,
    ) -> ConcernReport:
        """Receives a report after checking its texts; its reference is given at once."""
        return cls._create(
            events.ReportReceived,
            id=report_id,
            reference=report_reference(report_id),
            reporter=checked_reporter(reporter),
            child=checked_child(child),
            place=checked_place(place),
            actor=actor,
        )

    @property
    def may_notify(self) -> bool:
        """Whether the reporter left a contact and may be told the report was handled."""
        return self.reporter.may_contact and bool(self.reporter.contact)

    def link_to_case(self, *, case_id: UUID, opened_case: bool, actor: str) -> None:
        """Links the waiting report to a child's case; REPORT_ALREADY_HANDLED once handled."""
        self._require_open()
        self.trigger_event(
            events.ReportLinkedToCase,
            case_id=case_id,
            opened_case=opened_case,
            actor=actor,
            **self._notice(),
        )

    def close(self, *, reason: ReportCloseReason, note: str, actor: str) -> None:
        """Closes the waiting report without a case; REPORT_ALREADY_HANDLED once handled."""
        self._require_open()
        self.trigger_event(
            events.ReportClosed,
            reason=reason,
            note=check.note(note, ("note",)),
            actor=actor,
            **self._notice(),
        )

    def _notice(self) -> dict[str, object]:
        """Where the closing notice goes: the reporter's contact if they may be told."""
        address = self.reporter.contact if self.may_notify else ""
        return {"notice_address": address, "notice_language": self.reporter.language}

    def _require_open(self) -> None:
        if self.status is not ReportStatus.OPEN:
            raise ReportAlreadyHandled(
                f"report {self.reference} was handled already ({self.status.value})",
                ("report_id",),
            )


def checked_reporter(reporter: Reporter) -> Reporter:
    """The reporter with their name and contact checked: a contact is a phone number or an
    e-mail address; one may be contacted only when a contact is left."""
    contact = reporter.contact.strip()
    if contact and "@" not in contact:
        contact = check.phone(contact, ("reporter", "contact"))
    elif contact:
        contact = check.text(contact, ("reporter", "contact"))
    if reporter.may_contact and not contact:
        raise InvalidInput("a reporter who may be contacted must leave a contact",
                           ("reporter", "contact"))  # fmt: skip
    name = check.text(reporter.name, ("reporter", "name"), required=False)
    return Reporter(reporter.kind, name, contact, reporter.may_contact, reporter.language)


def checked_child(child: ReportedChild) -> ReportedChild:
    """What is known of the child, checked: an age, if given, is one of a child."""
    age = child.approximate_age
    if age is not None and not 0 <= age <= MAX_APPROXIMATE_AGE:
        raise InvalidInput(
            f"an approximate age must be 0 to {MAX_APPROXIMATE_AGE}", ("child", "approximate_age")
        )
    return ReportedChild(
        full_name=check.text(child.full_name, ("child", "full_name"), required=False),
        approximate_age=age,
        seen=check.note(child.seen, ("child", "seen")),
        personal_id=check.text(child.personal_id, ("child", "personal_id"), required=False),
    )


def checked_place(place: ReportPlace) -> ReportPlace:
    """The place, checked: a region and district always, a mahalla and address if known."""
    return ReportPlace(
        region=check.name(place.region, ("place", "region")),
        district=check.name(place.district, ("place", "district")),
        mahalla=check.text(place.mahalla, ("place", "mahalla"), required=False),
        address=check.note(place.address, ("place", "address")),
    )
