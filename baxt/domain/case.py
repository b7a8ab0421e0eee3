from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from baxt.domain import validation as check
from baxt.domain.case_referrals import CaseReferrals
from baxt.domain.errors import (
    CaseErased,
    ChildNotSeen,
    ConsentRequired,
    InvalidInput,
    InvalidTransition,
    ReferralRequired,
)
from baxt.domain.inputs import checked_child, checked_household, checked_needs, checked_plan_item
from baxt.domain.quarter import Quarter, local_date
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
    Household,
    Need,
    OverdueLevel,
    PlanItem,
    Referral,
    ReferralStatus,
    Visit,
)

_CLOCK_SKEW = timedelta(minutes=5)
ESCALATE_AFTER = 3
_OPEN = frozenset(CaseStatus) - {CaseStatus.CLOSED}


class Case(CaseReferrals, Aggregate):
    """One child's case: flagged, contacted, visited, consulted, referred, closed, and reopened."""

    class Flagged(Aggregate.Created):
        child: Child
        household: Household
        source: FlagSource
        indicators: tuple[str, ...]
        note: str
        quarter: str
        actor: str
        round: str | None = None
        reason: FlagReason | None = None

    class FlagAdded(Aggregate.Event):
        source: FlagSource
        indicators: tuple[str, ...]
        note: str
        actor: str
        round: str | None = None
        reason: FlagReason | None = None

    class ContactAttempted(Aggregate.Event):
        outcome: ContactOutcome
        visit_scheduled_at: datetime | None
        note: str
        actor: str

    class Visited(Aggregate.Event):
        visit: Visit
        actor: str

    class Consulted(Aggregate.Event):
        needs: tuple[Need, ...]
        plan: tuple[PlanItem, ...]
        note: str
        actor: str

    class Referred(Aggregate.Event):
        referral: Referral
        actor: str

    # Referrals at partners and the consents behind them (commands in CaseReferrals).
    class ReferralAccepted(Aggregate.Event):
        referral_id: str
        organisation_id: str | None
        actor: str

    class ReferralDeclined(Aggregate.Event):
        referral_id: str
        organisation_id: str | None
        actor: str
        reason: str
        caseworker: str | None = None

    class ReferralProgressRecorded(Aggregate.Event):
        referral_id: str
        organisation_id: str | None
        actor: str
        kind: ProgressKind
        note: str
        certificate_number: str | None

    class ReferralCompleted(Aggregate.Event):
        referral_id: str
        organisation_id: str | None
        actor: str
        outcome: ReferralOutcome
        note: str

    class ReferralCancelled(Aggregate.Event):
        referral_id: str
        organisation_id: str | None
        actor: str
        reason: str

    class ReferralReminded(Aggregate.Event):
        referral_id: str
        organisation_id: str | None
        actor: str
        level: ReferralReminderLevel
        caseworker: str | None = None

    class ConsentGiven(Aggregate.Event):
        consent_id: str
        purpose: ConsentPurpose
        organisation_id: str
        actor: str

    class ConsentRevoked(Aggregate.Event):
        consent_id: str
        purpose: ConsentPurpose
        organisation_id: str
        reason: str
        actor: str

    class Closed(Aggregate.Event):
        reason: CloseReason
        note: str
        actor: str

    class Assigned(Aggregate.Event):
        caseworker: str
        reason: str
        actor: str

    class VisitPlanned(Aggregate.Event):
        quarter: str
        due_on: date
        actor: str

    class VisitOverdue(Aggregate.Event):
        quarter: str
        level: OverdueLevel
        days_overdue: int
        caseworker: str | None
        actor: str

    class Escalated(Aggregate.Event):
        level: EscalationLevel
        reason: str
        actor: str

    class ChildDataErased(Aggregate.Event):
        legal_reason: str
        actor: str

    class Reopened(Aggregate.Event):
        reason: str
        quarter: str
        source: FlagSource | None
        indicators: tuple[str, ...]
        actor: str
        round: str | None = None
        flag_reason: FlagReason | None = None

    @classmethod
    def flag(
        cls,
        *,
        case_id: UUID,
        child: Child,
        household: Household,
        source: FlagSource,
        indicators: Sequence[str],
        note: str,
        actor: str,
        now: datetime,
        verify_check_digit: bool = False,
        round: str | None = None,
        reason: FlagReason | None = None,
    ) -> Case:
        """Opens the case of a child under 18, after checking the child and household.

        A flag from an import `round` (a quarter's screening, a year's survey) names it, so
        the same round never flags the child twice; a screening's flag carries its `reason`.
        """
        child = checked_child(child, now, verify_check_digit)
        return cls(
            id=case_id,
            child=child,
            household=checked_household(household),
            source=source,
            indicators=check.indicators(indicators, ("indicators",)),
            note=check.note(note, ("note",)),
            quarter=str(Quarter.containing(now)),
            actor=actor,
            round=check.optional(round, ("round",)),
            reason=reason,
        )

    @event(Flagged)
    def __init__(
        self,
        *,
        id: UUID,
        child: Child,
        household: Household,
        source: FlagSource,
        indicators: tuple[str, ...],
        note: str,
        quarter: str,
        actor: str,
        round: str | None = None,
        reason: FlagReason | None = None,
    ) -> None:
        self.child = child
        self.household = household
        self.source = source
        self.indicators = tuple(indicators)  # stored events give JSON lists back
        self.rounds: tuple[str, ...] = (round,) if round else ()
        self.reason = reason
        self.visits: tuple[Visit, ...] = ()
        self.needs: tuple[Need, ...] = ()
        self.plan: tuple[PlanItem, ...] = ()
        self.referrals: tuple[Referral, ...] = ()
        self.caseworker: str | None = None
        self.planned_quarters: tuple[str, ...] = ()
        self.visit_due_on: date | None = None
        self.seen_quarters: tuple[str, ...] = ()
        self.reminders: tuple[str, ...] = ()
        self.erased = False
        self._start_episode(quarter)

    def _start_episode(self, quarter: str) -> None:
        self.status = CaseStatus.FLAGGED
        self.quarter = quarter
        self.contact_attempts = 0
        self.visit_scheduled_at: datetime | None = None
        self.child_seen = False
        self.close_reason: CloseReason | None = None
        self.failed_contacts = 0
        self.unseen_visits = 0
        self.escalation: EscalationLevel | None = None

    @property
    def is_open(self) -> bool:
        return self.status in _OPEN

    def add_flag(
        self,
        *,
        source: FlagSource,
        indicators: Sequence[str],
        note: str,
        actor: str,
        round: str | None = None,
        reason: FlagReason | None = None,
    ) -> None:
        """Records another flag for a child whose case is open."""
        self._require(*_OPEN)
        self._flag_added(
            source=source,
            indicators=check.indicators(indicators, ("indicators",)),
            note=check.note(note, ("note",)),
            actor=actor,
            round=check.optional(round, ("round",)),
            reason=reason,
        )

    def flag_in_round(
        self,
        *,
        round: str,
        source: FlagSource,
        reason: FlagReason | None,
        actor: str,
        now: datetime,
    ) -> bool:
        """Flags the child again for an import round, once: the open case records the flag,
        a closed one is reopened. False when this round has flagged the child already."""
        if round in self.rounds:
            return False
        self._require_not_erased()
        indicators = reason.indicators if reason else ()
        if self.is_open:
            self.add_flag(
                source=source,
                indicators=indicators,
                note="",
                actor=actor,
                round=round,
                reason=reason,
            )
        else:
            self.reopen(
                reason=f"flagged again ({source.value})",
                actor=actor,
                now=now,
                source=source,
                indicators=indicators,
                round=round,
                flag_reason=reason,
            )
        return True

    @event(FlagAdded)
    def _flag_added(
        self,
        *,
        source: FlagSource,
        indicators: tuple[str, ...],
        note: str,
        actor: str,
        round: str | None = None,
        reason: FlagReason | None = None,
    ) -> None:
        self.indicators = _merged(self.indicators, indicators)
        self._note_round(round, reason)

    def _note_round(self, round: str | None, reason: FlagReason | None) -> None:
        if round:
            self.rounds = (*self.rounds, round)
        if reason is not None:
            self.reason = reason

    def record_contact_attempt(
        self,
        *,
        outcome: ContactOutcome,
        visit_scheduled_at: datetime | None,
        note: str,
        actor: str,
        now: datetime | None = None,
    ) -> None:
        """Counts a phone call; a call that reaches the family agrees the visit time, which
        lies from 2000 to a year after `now` (to 2100 when no `now` is given)."""
        self._require(CaseStatus.FLAGGED, CaseStatus.CONTACTED)
        if outcome is ContactOutcome.REACHED and visit_scheduled_at is None:
            raise InvalidInput(
                "a call that reached the family must agree a visit time", ("visit_scheduled_at",)
            )
        if visit_scheduled_at is not None:
            latest = now + check.SCHEDULE_AHEAD if now is not None else check.LATEST
            check.moment_between(visit_scheduled_at, ("visit_scheduled_at",), latest=latest)
            if outcome is not ContactOutcome.REACHED:
                raise InvalidInput(
                    "a visit time is agreed only when the family is reached",
                    ("visit_scheduled_at",),
                )
        self._contact_attempted(
            outcome=outcome,
            visit_scheduled_at=visit_scheduled_at,
            note=check.note(note, ("note",)),
            actor=actor,
        )
        if self.status is CaseStatus.FLAGGED and self.failed_contacts == ESCALATE_AFTER:
            self._escalated(
                level=EscalationLevel.SUPERVISOR,
                reason=f"{ESCALATE_AFTER} calls did not reach the family",
                actor=actor,
            )

    @event(ContactAttempted)
    def _contact_attempted(
        self,
        *,
        outcome: ContactOutcome,
        visit_scheduled_at: datetime | None,
        note: str,
        actor: str,
    ) -> None:
        self.contact_attempts += 1
        if outcome is not ContactOutcome.REACHED:
            self.failed_contacts += 1
        if outcome is ContactOutcome.REACHED:
            self.status = CaseStatus.CONTACTED
            self.visit_scheduled_at = visit_scheduled_at

    def record_visit(self, *, visit: Visit, actor: str, now: datetime) -> None:
        """Records a home visit; only a visit that saw the child lets the case move on."""
        self._require(CaseStatus.FLAGGED, CaseStatus.CONTACTED, CaseStatus.VISITED)
        check.aware(visit.visited_at, ("visited_at",))
        if visit.visited_at > now + _CLOCK_SKEW:
            raise InvalidInput("a visit cannot be recorded before it happens", ("visited_at",))
        check.moment_between(visit.visited_at, ("visited_at",), latest=now + _CLOCK_SKEW)
        observations = check.note(visit.observations, ("observations",))
        self._visited(
            visit=Visit(
                visited_at=visit.visited_at,
                child_seen=visit.child_seen,
                guardian_present=visit.guardian_present,
                observations=observations,
                safety_concern=visit.safety_concern,
            ),
            actor=actor,
        )
        if not self.child_seen and self.unseen_visits == ESCALATE_AFTER:
            self._escalated(
                level=EscalationLevel.POLICE_ASSISTANCE,
                reason=f"{ESCALATE_AFTER} visits did not see the child",
                actor=actor,
            )

    @event(Visited)
    def _visited(self, *, visit: Visit, actor: str) -> None:
        self.visits += (visit,)
        if visit.child_seen:
            self.seen_quarters = _merged(
                self.seen_quarters, (str(Quarter.containing(visit.visited_at)),)
            )
        self.child_seen = self.child_seen or visit.child_seen
        self.unseen_visits += 0 if visit.child_seen else 1
        self.status = CaseStatus.VISITED

    def record_consultation(
        self, *, needs: Sequence[Need], plan: Sequence[PlanItem], note: str, actor: str
    ) -> None:
        """Records the consultation with child and guardian: needs and the individual work plan."""
        self._require(CaseStatus.VISITED)
        self._require_child_seen()
        self._consulted(
            needs=checked_needs(needs),
            plan=tuple(checked_plan_item(item, i) for i, item in enumerate(plan)),
            note=check.note(note, ("note",)),
            actor=actor,
        )

    @event(Consulted)
    def _consulted(
        self, *, needs: tuple[Need, ...], plan: tuple[PlanItem, ...], note: str, actor: str
    ) -> None:
        self.needs = tuple(needs)
        self.plan = tuple(plan)
        self.status = CaseStatus.CONSULTED

    def refer(
        self,
        *,
        service_category: str,
        provider: str,
        reason: str,
        consent_given: bool,
        actor: str,
        organisation_id: str | None = None,
        service_id: str | None = None,
    ) -> str:
        """Refers the child to a service, with the guardian's consent; returns the referral ID.

        A referral to a partner organisation needs consent in force to share with it."""
        self._require(CaseStatus.CONSULTED, CaseStatus.REFERRED)
        if not consent_given:
            raise ConsentRequired("a referral needs the guardian's consent", ("consent_given",))
        self.require_consent(organisation_id)
        referral = Referral(
            id=str(uuid5(NAMESPACE_URL, f"baxt:{self.id}:referral:{len(self.referrals) + 1}")),
            service_category=check.text(service_category, ("service_category",)),
            provider=check.text(provider, ("provider",)),
            reason=check.note(reason, ("reason",), required=True),
            organisation_id=check.optional(organisation_id, ("organisation_id",)),
            service_id=check.optional(service_id, ("service_id",)),
        )
        self._referred(referral=referral, actor=actor)
        return referral.id

    @event(Referred)
    def _referred(self, *, referral: Referral, actor: str) -> None:
        self.referrals += (referral,)
        self.status = CaseStatus.REFERRED

    # Referral and consent events: they only assign (checks are in CaseReferrals).
    @event(ConsentGiven)
    def _consent_given(
        self, *, consent_id: str, purpose: ConsentPurpose, organisation_id: str, actor: str
    ) -> None:
        self.consents = (*self.consents, Consent(consent_id, purpose, organisation_id))

    @event(ConsentRevoked)
    def _consent_revoked(
        self,
        *,
        consent_id: str,
        purpose: ConsentPurpose,
        organisation_id: str,
        reason: str,
        actor: str,
    ) -> None:
        self._set_consent_revoked(consent_id)

    @event(ReferralAccepted)
    def _referral_accepted(
        self, *, referral_id: str, organisation_id: str | None, actor: str
    ) -> None:
        self._set_referral_status(referral_id, ReferralStatus.ACCEPTED)

    @event(ReferralDeclined)
    def _referral_declined(
        self,
        *,
        referral_id: str,
        organisation_id: str | None,
        reason: str,
        caseworker: str | None,
        actor: str,
    ) -> None:
        self._set_referral_status(referral_id, ReferralStatus.DECLINED)

    @event(ReferralProgressRecorded)
    def _referral_progress_recorded(
        self,
        *,
        referral_id: str,
        organisation_id: str | None,
        kind: ProgressKind,
        note: str,
        certificate_number: str | None,
        actor: str,
    ) -> None:
        self._set_referral_status(referral_id, ReferralStatus.IN_PROGRESS)

    @event(ReferralCompleted)
    def _referral_completed(
        self,
        *,
        referral_id: str,
        organisation_id: str | None,
        outcome: ReferralOutcome,
        note: str,
        actor: str,
    ) -> None:
        self._set_referral_status(referral_id, ReferralStatus.COMPLETED)

    @event(ReferralCancelled)
    def _referral_cancelled(
        self, *, referral_id: str, organisation_id: str | None, reason: str, actor: str
    ) -> None:
        self._set_referral_status(referral_id, ReferralStatus.CANCELLED)

    @event(ReferralReminded)
    def _referral_reminded(
        self,
        *,
        referral_id: str,
        organisation_id: str | None,
        level: ReferralReminderLevel,
        caseworker: str | None,
        actor: str,
    ) -> None:
        self.referral_reminders = (*self.referral_reminders, f"{referral_id}:{level.value}")

    def close(self, *, reason: CloseReason, note: str, actor: str) -> None:
        """Closes an open case; 'services linked' needs a referral, 'no needs' a child seen."""
        self._require(*_OPEN)
        if reason is CloseReason.DATA_ERASED:
            raise InvalidInput("only erasing the child's data closes a case so", ("reason",))
        if reason is CloseReason.SERVICES_LINKED and self.status is not CaseStatus.REFERRED:
            raise ReferralRequired(
                "a case closed as SERVICES_LINKED needs at least one referral", ("reason",)
            )
        if reason is CloseReason.NO_NEEDS_FOUND:
            self._require_child_seen()
        self._closed(
            reason=reason,
            note=check.note(note, ("note",)),
            actor=actor,
        )

    @event(Closed)
    def _closed(self, *, reason: CloseReason, note: str, actor: str) -> None:
        self.status = CaseStatus.CLOSED
        self.close_reason = reason

    def assign(self, *, caseworker: str, reason: str, actor: str) -> bool:
        """Gives an open case to a caseworker; False when it is theirs already."""
        self._require(*_OPEN)
        caseworker = check.text(caseworker, ("caseworker",))
        if caseworker == self.caseworker:
            return False
        self._assigned(
            caseworker=caseworker,
            reason=check.note(reason, ("reason",)),
            actor=actor,
        )
        return True

    @event(Assigned)
    def _assigned(self, *, caseworker: str, reason: str, actor: str) -> None:
        self.caseworker = caseworker

    def plan_visit(self, *, quarter: Quarter, actor: str) -> bool:
        """Plans the quarter's home visit, due by its last day; False when already planned."""
        self._require(*_OPEN)
        if str(quarter) in self.planned_quarters:
            return False
        self._visit_planned(quarter=str(quarter), due_on=quarter.last_day, actor=actor)
        return True

    @event(VisitPlanned)
    def _visit_planned(self, *, quarter: str, due_on: date, actor: str) -> None:
        self.planned_quarters = (*self.planned_quarters, quarter)
        self.visit_due_on = due_on

    def remind_overdue(self, *, today: date, supervisor_after_days: int, actor: str) -> bool:
        """Reports the quarter's home visit as overdue, once a level; False when not due."""
        if not self.is_open or not self.planned_quarters or self.visit_due_on is None:
            return False
        quarter = self.planned_quarters[-1]
        days = (today - self.visit_due_on).days
        if days <= 0 or quarter in self.seen_quarters:
            return False
        supervisor = days >= supervisor_after_days or self.caseworker is None
        level = OverdueLevel.SUPERVISOR if supervisor else OverdueLevel.CASEWORKER
        if f"{quarter}:{level.value}" in self.reminders:
            return False
        self._visit_overdue(
            quarter=quarter,
            level=level,
            days_overdue=days,
            caseworker=self.caseworker,
            actor=actor,
        )
        return True

    @event(VisitOverdue)
    def _visit_overdue(
        self,
        *,
        quarter: str,
        level: OverdueLevel,
        days_overdue: int,
        caseworker: str | None,
        actor: str,
    ) -> None:
        self.reminders = (*self.reminders, f"{quarter}:{level.value}")

    @event(Escalated)
    def _escalated(self, *, level: EscalationLevel, reason: str, actor: str) -> None:
        self.escalation = level

    def reopen(
        self,
        *,
        reason: str,
        actor: str,
        now: datetime,
        source: FlagSource | None = None,
        indicators: Sequence[str] = (),
        round: str | None = None,
        flag_reason: FlagReason | None = None,
    ) -> None:
        """Reopens a closed case for the current quarter; a new flag may be its cause."""
        self._require(CaseStatus.CLOSED)
        check.require_under_18(self.child.birth_date, local_date(now))
        self._reopened(
            reason=check.note(reason, ("reason",), required=True),
            quarter=str(Quarter.containing(now)),
            source=source,
            indicators=check.indicators(indicators, ("indicators",)),
            actor=actor,
            round=check.optional(round, ("round",)),
            flag_reason=flag_reason,
        )

    @event(Reopened)
    def _reopened(
        self,
        *,
        reason: str,
        quarter: str,
        source: FlagSource | None,
        indicators: tuple[str, ...],
        actor: str,
        round: str | None = None,
        flag_reason: FlagReason | None = None,
    ) -> None:
        if source is not None:
            self.source = source
        self.indicators = _merged(self.indicators, indicators)
        self._note_round(round, flag_reason)
        self._start_episode(quarter)

    def erase_child_data(self, *, legal_reason: str, actor: str) -> None:
        """Records that the child's personal data is erased, on `legal_reason`; closes the case.

        The application destroys the child's key after this is saved; every field of personal
        data in the case's events then reads as erased, and the case takes no more commands.
        """
        self._require_not_erased()
        reason = check.note(legal_reason, ("legal_reason",), required=True)
        self._child_data_erased(legal_reason=reason, actor=actor)

    @event(ChildDataErased)
    def _child_data_erased(self, *, legal_reason: str, actor: str) -> None:
        self.erased = True
        self.status = CaseStatus.CLOSED
        self.close_reason = CloseReason.DATA_ERASED
        self.visit_scheduled_at = None

    def _require_not_erased(self) -> None:
        if self.erased:
            raise CaseErased("this child's personal data was erased; the case takes no changes")

    def _require(self, *allowed: CaseStatus) -> None:
        self._require_not_erased()
        if self.status not in allowed:
            names = ", ".join(sorted(s.value for s in allowed))
            raise InvalidTransition(
                f"not allowed while the case is {self.status.value} (allowed from: {names})"
            )

    def _require_child_seen(self) -> None:
        if not self.child_seen:
            raise ChildNotSeen(
                "the child has not been seen on a visit yet; record another visit first"
            )


def _merged(known: Sequence[str], new: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*known, *new)))
