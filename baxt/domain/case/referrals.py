"""A case's referrals at partners and the consents behind them: the commands that check first.

`Case` inherits these commands; the events they record live, with the rest of the case's, in
`events`.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, uuid5

from baxt.domain import referrals as rules
from baxt.domain import validation as check
from baxt.domain.case import events
from baxt.domain.case import rules as case_rules
from baxt.domain.case.state import CaseState
from baxt.domain.errors import ConsentRequired, InvalidInput, ReferralNotFound
from baxt.domain.referrals import Consent, ConsentPurpose, ProgressKind, ReferralOutcome
from baxt.domain.values import Referral, ReferralStatus


class CaseReferrals(CaseState):
    """What partners and caseworkers do with a case's referrals and consents."""

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
        self._require(*case_rules.REFERABLE)
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
        self.trigger_event(events.Referred, referral=referral, actor=actor)
        return referral.id

    def give_consent(self, *, organisation_id: str, purpose: ConsentPurpose, actor: str) -> str:
        """Records the guardian's consent to share with an organisation; returns its ID."""
        self._require_not_erased()
        organisation_id = check.text(organisation_id, ("organisation_id",))
        known = rules.active_consent(self.consents, organisation_id)
        if known is not None:
            return known.id
        consent_id = str(uuid5(NAMESPACE_URL, f"baxt:{self.id}:consent:{len(self.consents) + 1}"))
        self.trigger_event(
            events.ConsentGiven,
            consent_id=consent_id,
            purpose=purpose,
            organisation_id=organisation_id,
            actor=actor,
        )
        return consent_id

    def revoke_consent(self, *, organisation_id: str, reason: str, actor: str) -> Consent:
        """Revokes the consent in force for an organisation; it no longer sees the case."""
        self._require_not_erased()
        consent = rules.active_consent(self.consents, organisation_id)
        if consent is None:
            raise InvalidInput(
                "the case has no consent in force for this organisation", ("organisation_id",)
            )
        self.trigger_event(
            events.ConsentRevoked,
            consent_id=consent.id,
            purpose=consent.purpose,
            organisation_id=consent.organisation_id,
            reason=check.note(reason, ("reason",)),
            actor=actor,
        )
        return consent

    def require_consent(self, organisation_id: str | None) -> None:
        """Raises ConsentRequired unless the organisation (if any) has consent in force."""
        if organisation_id is not None and not self.shares_with(organisation_id):
            raise ConsentRequired(
                "a referral to a partner needs the guardian's consent to share with it",
                ("organisation_id",),
            )

    def shares_with(self, organisation_id: str) -> bool:
        return rules.active_consent(self.consents, organisation_id) is not None

    def partner_referral(self, referral_id: str, organisation_id: str) -> Referral:
        """The referral as its partner may act on it; NOT_FOUND for anyone else."""
        referral = self._referral(referral_id)
        if referral.organisation_id != organisation_id or not self.shares_with(organisation_id):
            raise ReferralNotFound("no such referral", ("referral_id",))
        return referral

    def accept_referral(self, *, referral_id: str, organisation_id: str, actor: str) -> None:
        referral = self._moving(referral_id, organisation_id, ReferralStatus.ACCEPTED)
        self.trigger_event(
            events.ReferralAccepted,
            referral_id=referral.id,
            organisation_id=organisation_id,
            actor=actor,
        )

    def decline_referral(
        self, *, referral_id: str, organisation_id: str, reason: str, actor: str
    ) -> None:
        """Declines a pending referral, saying why; the caseworker routes the case again."""
        referral = self._moving(referral_id, organisation_id, ReferralStatus.DECLINED)
        self.trigger_event(
            events.ReferralDeclined,
            referral_id=referral.id,
            organisation_id=organisation_id,
            reason=check.note(reason, ("reason",), required=True),
            caseworker=self.caseworker,
            actor=actor,
        )

    def record_referral_progress(
        self,
        *,
        referral_id: str,
        organisation_id: str,
        kind: ProgressKind,
        note: str,
        certificate_number: str | None,
        actor: str,
    ) -> None:
        """Records one step of the partner's work; a training names its certificate."""
        referral = self._moving(referral_id, organisation_id, ReferralStatus.IN_PROGRESS)
        self.trigger_event(
            events.ReferralProgressRecorded,
            referral_id=referral.id,
            organisation_id=organisation_id,
            kind=kind,
            note=check.note(note, ("note",)),
            certificate_number=rules.checked_certificate(kind, certificate_number),
            actor=actor,
        )

    def complete_referral(
        self,
        *,
        referral_id: str,
        organisation_id: str,
        outcome: ReferralOutcome,
        note: str,
        actor: str,
    ) -> None:
        referral = self._moving(referral_id, organisation_id, ReferralStatus.COMPLETED)
        self.trigger_event(
            events.ReferralCompleted,
            referral_id=referral.id,
            organisation_id=organisation_id,
            outcome=outcome,
            note=check.note(note, ("note",)),
            actor=actor,
        )

    def cancel_referral(self, *, referral_id: str, reason: str, actor: str) -> None:
        """The caseworker withdraws a referral that has not ended."""
        self._require_not_erased()
        referral = next((r for r in self.referrals if r.id == referral_id), None)
        if referral is None:
            raise InvalidInput("the case has no referral with this ID", ("referral_id",))
        rules.require_move(referral.status, ReferralStatus.CANCELLED)
        self.trigger_event(
            events.ReferralCancelled,
            referral_id=referral.id,
            organisation_id=referral.organisation_id,
            reason=check.note(reason, ("reason",), required=True),
            actor=actor,
        )

    def remind_referral(
        self,
        *,
        referral_id: str,
        waited_days: int,
        answer_days: int,
        escalate_days: int,
        actor: str,
    ) -> bool:
        """Reminds of a pending referral once a level; False when nothing is due."""
        referral = self._referral(referral_id)
        level = rules.reminder_due(waited_days, answer_days, escalate_days)
        if referral.status is not ReferralStatus.PENDING or level is None:
            return False
        if f"{referral.id}:{level.value}" in self.referral_reminders:
            return False
        self.trigger_event(
            events.ReferralReminded,
            referral_id=referral.id,
            organisation_id=referral.organisation_id,
            level=level,
            caseworker=self.caseworker,
            actor=actor,
        )
        return True

    def _moving(self, referral_id: str, organisation_id: str, to: ReferralStatus) -> Referral:
        referral = self.partner_referral(referral_id, organisation_id)
        rules.require_move(referral.status, to)
        return referral

    def _referral(self, referral_id: str) -> Referral:
        for referral in self.referrals:
            if referral.id == referral_id:
                return referral
        raise ReferralNotFound("no such referral", ("referral_id",))
