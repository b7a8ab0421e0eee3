"""Every event of a child's case, each with the topic it is stored under and how it applies.

The topics are those the events were first stored under, when the case lived in the module
`baxt.domain.case`; they are hashed into the signed audit ledger, so they never change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate

from baxt.domain.approvals import PendingClosure, PendingTransfer
from baxt.domain.case import rules
from baxt.domain.case.approval_events import (
    TransferApprovalGranted as TransferApprovalGranted,
)
from baxt.domain.case.approval_events import (
    TransferApprovalRejected as TransferApprovalRejected,
)
from baxt.domain.case.approval_events import (
    TransferApprovalRequested as TransferApprovalRequested,
)
from baxt.domain.case.approval_events import (
    TransferApprovalWithdrawn as TransferApprovalWithdrawn,
)
from baxt.domain.case.approval_events import (
    WorkPlanRevisionApproved as WorkPlanRevisionApproved,
)
from baxt.domain.case.approval_events import (
    WorkPlanRevisionRejected as WorkPlanRevisionRejected,
)
from baxt.domain.case.approval_events import (
    WorkPlanRevisionRequested as WorkPlanRevisionRequested,
)
from baxt.domain.case.approval_events import (
    WorkPlanRevisionWithdrawn as WorkPlanRevisionWithdrawn,
)
from baxt.domain.case.event_base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.event_base import CaseEvent as CaseEvent
from baxt.domain.case.state import CaseState
from baxt.domain.quarter import Quarter
from baxt.domain.referrals import (
    Consent,
    ConsentPurpose,
    ProgressKind,
    ReferralOutcome,
    ReferralReminderLevel,
)
from baxt.domain.values import (
    CaseStatus,
    Child,
    CloseReason,
    ContactOutcome,
    EscalationLevel,
    FlagReason,
    FlagSource,
    Goal,
    GoalChange,
    Household,
    Need,
    OverdueLevel,
    PlanItem,
    Referral,
    ReferralStatus,
    RiskLevel,
    Sex,
    Visit,
)
from baxt.domain.work_plan import goals_of_plan, revised


class Flagged(Aggregate.Created, CaseEvent):
    """The case was opened for a flagged child."""

    TOPIC = _TOPIC + "Flagged"
    child: Child
    household: Household
    source: FlagSource
    indicators: tuple[str, ...]
    note: str
    quarter: str
    round: str | None = None
    reason: FlagReason | None = None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.child = self.child
        aggregate.household = self.household
        aggregate.source = self.source
        aggregate.indicators = tuple(self.indicators)  # stored events give JSON lists back
        aggregate.rounds = (self.round,) if self.round else ()
        aggregate.reason = self.reason
        aggregate.visits = ()
        aggregate.needs = ()
        aggregate.plan = ()
        aggregate.referrals = ()
        aggregate.caseworker = None
        aggregate.planned_quarters = ()
        aggregate.visit_due_on = None
        aggregate.seen_quarters = ()
        aggregate.reminders = ()
        aggregate.erased = False
        aggregate.start_episode(self.quarter)


class FlagAdded(CaseEvent):
    """Another flag was recorded on the open case."""

    TOPIC = _TOPIC + "FlagAdded"
    source: FlagSource
    indicators: tuple[str, ...]
    note: str
    round: str | None = None
    reason: FlagReason | None = None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.indicators = rules.merged(aggregate.indicators, self.indicators)
        aggregate.note_round(self.round, self.reason)


class ContactAttempted(CaseEvent):
    """A call to the family; one that first reached it agreed the visit time. A call after a
    visit follows the case up, keeping its status."""

    TOPIC = _TOPIC + "ContactAttempted"
    outcome: ContactOutcome
    visit_scheduled_at: datetime | None
    note: str

    def apply(self, aggregate: CaseState) -> None:
        follow_up = rules.call_follows_up(aggregate.status)
        aggregate.contact_attempts += 1
        if follow_up:
            aggregate.note_follow_up(self.timestamp)
        if self.outcome is not ContactOutcome.REACHED:
            aggregate.failed_contacts += 1
            return
        if not follow_up:
            aggregate.status = CaseStatus.CONTACTED
        if not follow_up or self.visit_scheduled_at is not None:
            aggregate.visit_scheduled_at = self.visit_scheduled_at


class Visited(CaseEvent):
    """A home visit, which saw the child or did not. A visit after the consultation follows
    the case up, keeping its status."""

    TOPIC = _TOPIC + "Visited"
    visit: Visit

    def apply(self, aggregate: CaseState) -> None:
        visit = self.visit
        aggregate.visits += (visit,)
        if visit.child_seen:
            seen = str(Quarter.containing(visit.visited_at))
            aggregate.seen_quarters = rules.merged(aggregate.seen_quarters, (seen,))
        aggregate.child_seen = aggregate.child_seen or visit.child_seen
        aggregate.unseen_visits += 0 if visit.child_seen else 1
        if rules.visit_follows_up(aggregate.status):
            aggregate.note_follow_up(visit.visited_at)
        else:
            aggregate.status = CaseStatus.VISITED


class Consulted(CaseEvent):
    """The consultation with child and guardian: their needs and the work plan."""

    TOPIC = _TOPIC + "Consulted"
    needs: tuple[Need, ...]
    plan: tuple[PlanItem, ...]
    note: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.needs = tuple(self.needs)
        aggregate.plan = tuple(self.plan)
        aggregate.goals = goals_of_plan(aggregate.id, self.plan)
        aggregate.status = CaseStatus.CONSULTED


class Referred(CaseEvent):
    """The child was referred to a service."""

    TOPIC = _TOPIC + "Referred"
    referral: Referral

    def apply(self, aggregate: CaseState) -> None:
        aggregate.referrals += (self.referral,)
        aggregate.status = CaseStatus.REFERRED


class ReferralEvent(CaseEvent):
    """A step of a referral at a partner organisation."""

    referral_id: str
    organisation_id: str | None


class _ReferralMoved(ReferralEvent):
    STATUS: ClassVar[ReferralStatus]

    def apply(self, aggregate: CaseState) -> None:
        aggregate.referrals = tuple(
            replace(r, status=self.STATUS) if r.id == self.referral_id else r
            for r in aggregate.referrals
        )


class ReferralAccepted(_ReferralMoved):
    """The partner accepted the referral."""

    TOPIC = _TOPIC + "ReferralAccepted"
    STATUS = ReferralStatus.ACCEPTED


class ReferralDeclined(_ReferralMoved):
    """The partner declined the referral, saying why."""

    TOPIC = _TOPIC + "ReferralDeclined"
    STATUS = ReferralStatus.DECLINED
    reason: str
    caseworker: str | None = None


class ReferralProgressRecorded(_ReferralMoved):
    """One step of the partner's work on the referral."""

    TOPIC = _TOPIC + "ReferralProgressRecorded"
    STATUS = ReferralStatus.IN_PROGRESS
    kind: ProgressKind
    note: str
    certificate_number: str | None


class ReferralCompleted(_ReferralMoved):
    """The partner finished its work, with an outcome."""

    TOPIC = _TOPIC + "ReferralCompleted"
    STATUS = ReferralStatus.COMPLETED
    outcome: ReferralOutcome
    note: str


class ReferralCancelled(_ReferralMoved):
    """The caseworker withdrew the referral."""

    TOPIC = _TOPIC + "ReferralCancelled"
    STATUS = ReferralStatus.CANCELLED
    reason: str


class ReferralReminded(ReferralEvent):
    """A reminder of a referral still waiting for the partner's answer."""

    TOPIC = _TOPIC + "ReferralReminded"
    level: ReferralReminderLevel
    caseworker: str | None = None

    def apply(self, aggregate: CaseState) -> None:
        reminder = f"{self.referral_id}:{self.level.value}"
        aggregate.referral_reminders = (*aggregate.referral_reminders, reminder)


class ConsentEvent(CaseEvent):
    """A change to the guardian's consent to share the case with an organisation."""

    consent_id: str
    purpose: ConsentPurpose
    organisation_id: str


class ConsentGiven(ConsentEvent):
    """The guardian consented to share the case with the organisation."""

    TOPIC = _TOPIC + "ConsentGiven"

    def apply(self, aggregate: CaseState) -> None:
        consent = Consent(self.consent_id, self.purpose, self.organisation_id)
        aggregate.consents = (*aggregate.consents, consent)


class ConsentRevoked(ConsentEvent):
    """The guardian's consent was revoked; the organisation no longer sees the case."""

    TOPIC = _TOPIC + "ConsentRevoked"
    reason: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.consents = tuple(
            replace(c, revoked=True) if c.id == self.consent_id else c for c in aggregate.consents
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
    """The child's personal data was erased, on a legal reason; the case is closed for good."""

    TOPIC = _TOPIC + "ChildDataErased"
    legal_reason: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.erased = True
        aggregate.status = CaseStatus.CLOSED
        aggregate.close_reason = CloseReason.DATA_ERASED
        aggregate.visit_scheduled_at = None
        aggregate.pending_closure = None
        aggregate.pending_transfer = None
        aggregate.pending_revision = None
        aggregate.pending_transfer_approval = None


class Reopened(CaseEvent):
    """A closed case was reopened for the current quarter, maybe by a new flag."""

    TOPIC = _TOPIC + "Reopened"
    reason: str
    quarter: str
    source: FlagSource | None
    indicators: tuple[str, ...]
    round: str | None = None
    flag_reason: FlagReason | None = None

    def apply(self, aggregate: CaseState) -> None:
        if self.source is not None:
            aggregate.source = self.source
        aggregate.indicators = rules.merged(aggregate.indicators, self.indicators)
        aggregate.note_round(self.round, self.flag_reason)
        aggregate.start_episode(self.quarter)


class Corrected(CaseEvent):
    """A correction of the case's data, with its reason; it holds only the fields it changed."""

    FIELDS: ClassVar[tuple[str, ...]]
    reason: str

    def corrections(self) -> dict[str, Any]:
        """The corrected fields and their new values; a field it left alone is None, not here."""
        given = {name: getattr(self, name) for name in self.FIELDS}
        return {name: value for name, value in given.items() if value is not None}


class ChildCorrected(Corrected):
    """The child's name, birth date or sex was corrected; the PINFL, their identity, never is."""

    TOPIC = _TOPIC + "ChildCorrected"
    FIELDS = ("full_name", "birth_date", "sex")
    full_name: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.child = replace(aggregate.child, **self.corrections())


class HouseholdCorrected(Corrected):
    """The guardian's name or phone, or the mahalla the family lives in, was corrected."""

    TOPIC = _TOPIC + "HouseholdCorrected"
    FIELDS = ("guardian_name", "guardian_phone", "mahalla")
    guardian_name: str | None = None
    guardian_phone: str | None = None
    mahalla: str | None = None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.household = replace(aggregate.household, **self.corrections())


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


class TransferRequested(CaseEvent):
    """A move of the family to another district or region was asked for; the case stays
    where it is until the receiving district's supervisor accepts it."""

    TOPIC = _TOPIC + "TransferRequested"
    region: str
    district: str
    mahalla: str
    reason: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_transfer = PendingTransfer(
            self.region, self.district, self.mahalla, self.reason, self.actor, self.timestamp
        )


class TransferDecided(CaseEvent):
    """A receiving supervisor's decision on a requested transfer, with where from and to."""

    from_region: str
    from_district: str
    from_mahalla: str
    region: str
    district: str
    mahalla: str
    requested_by: str


class TransferAccepted(TransferDecided):
    """The receiving district took the case: the family's place is the new one, and the
    case is its caseworker's, or nobody's until assigned there."""

    TOPIC = _TOPIC + "TransferAccepted"
    caseworker: str | None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.household = replace(
            aggregate.household,
            region=self.region,
            district=self.district,
            mahalla=self.mahalla,
        )
        aggregate.caseworker = self.caseworker
        aggregate.pending_transfer = None


class TransferDeclined(TransferDecided):
    """The receiving district declined the case, saying why; it stays where it was."""

    TOPIC = _TOPIC + "TransferDeclined"
    reason: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_transfer = None


class ReviewPlanned(CaseEvent):
    """The planner planned the quarter's review of a case with none due, due by the quarter's
    last day."""

    TOPIC = _TOPIC + "ReviewPlanned"
    quarter: str
    due_on: date

    def apply(self, aggregate: CaseState) -> None:
        aggregate.next_review_due = self.due_on


CASE_EVENTS: tuple[type[CaseEvent], ...] = tuple(
    value
    for value in tuple(globals().values())
    if isinstance(value, type) and issubclass(value, CaseEvent) and "TOPIC" in vars(value)
)
"""Every event a case stores, in the order this module defines them."""

REFERRAL_EVENTS: tuple[type[CaseEvent], ...] = tuple(
    event for event in CASE_EVENTS if issubclass(event, (ReferralEvent, ConsentEvent))
)
"""The events of referrals at partners and of the consents behind them."""

ON_THE_CASE: dict[str, type[CaseEvent]] = {
    "Event": CaseEvent,
    "Created": Flagged,
    **{event.__name__: event for event in CASE_EVENTS},
}
"""The case's attributes that name its events: its base event, its created event, and each one."""
