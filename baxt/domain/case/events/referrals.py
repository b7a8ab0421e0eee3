"""Referrals to services and partners, and the guardian's consents behind them."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState
from baxt.domain.referrals import (
    Consent,
    ConsentPurpose,
    ProgressKind,
    ReferralOutcome,
    ReferralReminderLevel,
)
from baxt.domain.values import (
    CaseStatus,
    Referral,
    ReferralStatus,
)


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
