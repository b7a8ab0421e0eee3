"""The rules of a referral's life at a partner, and of the consent that lets a partner see it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from baxt.domain import validation as check
from baxt.domain.errors import InvalidInput, InvalidTransition
from baxt.domain.values import Referral, ReferralStatus


class ProgressKind(Enum):
    SESSION_HELD = "SESSION_HELD"
    TRAINING_COMPLETED = "TRAINING_COMPLETED"
    DAY_CARE_STARTED = "DAY_CARE_STARTED"
    TEMPORARY_CARE_STARTED = "TEMPORARY_CARE_STARTED"
    TEMPORARY_CARE_ENDED = "TEMPORARY_CARE_ENDED"
    CHILD_REINTEGRATED = "CHILD_REINTEGRATED"
    FAMILY_EXITED_PROGRAMME = "FAMILY_EXITED_PROGRAMME"
    PARENT_EMPLOYED = "PARENT_EMPLOYED"


class ReferralOutcome(Enum):
    GOALS_MET = "GOALS_MET"
    PARTLY_MET = "PARTLY_MET"
    NOT_MET = "NOT_MET"
    FAMILY_WITHDREW = "FAMILY_WITHDREW"


class ConsentPurpose(Enum):
    SHARE_WITH_PARTNER = "SHARE_WITH_PARTNER"


class ReferralReminderLevel(Enum):
    """Who hears of a referral nobody answered: first the partner, later the supervisors."""

    PARTNER = "PARTNER"
    SUPERVISOR = "SUPERVISOR"


class ReferralAction(Enum):
    """A command a partner issues on a referral made to it, named by its mutation."""

    RESPOND_TO_REFERRAL = "RESPOND_TO_REFERRAL"
    RECORD_REFERRAL_PROGRESS = "RECORD_REFERRAL_PROGRESS"
    COMPLETE_REFERRAL = "COMPLETE_REFERRAL"


@dataclass(frozen=True)
class Consent:
    """The guardian's consent to share the case with one organisation, until revoked."""

    id: str
    purpose: ConsentPurpose
    organisation_id: str
    revoked: bool = False


_S = ReferralStatus
NEXT: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    _S.PENDING: frozenset({_S.ACCEPTED, _S.DECLINED, _S.CANCELLED}),
    _S.ACCEPTED: frozenset({_S.IN_PROGRESS, _S.CANCELLED}),
    _S.IN_PROGRESS: frozenset({_S.IN_PROGRESS, _S.COMPLETED, _S.CANCELLED}),
}
"""Where a referral may go from each status; an end state goes nowhere."""
NEEDS_CERTIFICATE = frozenset({ProgressKind.TRAINING_COMPLETED})
REFERRAL_ENUM_TYPES: tuple[type[Enum], ...] = (
    ProgressKind,
    ReferralOutcome,
    ConsentPurpose,
    ReferralReminderLevel,
)


def can_move(current: ReferralStatus, target: ReferralStatus) -> bool:
    return target in NEXT.get(current, frozenset())


def require_move(current: ReferralStatus, target: ReferralStatus) -> None:
    """Raises InvalidTransition unless a referral may go from `current` to `target`."""
    if not can_move(current, target):
        raise InvalidTransition(f"a referral that is {current.value} cannot become {target.value}")


_MOVES_TO: dict[ReferralAction, ReferralStatus] = {
    ReferralAction.RESPOND_TO_REFERRAL: ReferralStatus.ACCEPTED,
    ReferralAction.RECORD_REFERRAL_PROGRESS: ReferralStatus.IN_PROGRESS,
    ReferralAction.COMPLETE_REFERRAL: ReferralStatus.COMPLETED,
}
"""Where each partner command moves a referral; its command checks the same move
(declining moves a pending referral as accepting does)."""


def referral_actions(status: ReferralStatus) -> list[ReferralAction]:
    """The commands the partner may issue on a referral in `status` now, in the enum's order."""
    return [action for action, target in _MOVES_TO.items() if can_move(status, target)]


def cancellable_referrals(referrals: Sequence[Referral]) -> list[Referral]:
    """The referrals that have not ended, which the caseworker may still cancel."""
    return [r for r in referrals if can_move(r.status, ReferralStatus.CANCELLED)]


def checked_certificate(kind: ProgressKind, certificate_number: str | None) -> str | None:
    """A completed training names its certificate; no other step carries one."""
    field = ("certificate_number",)
    if kind in NEEDS_CERTIFICATE:
        return check.text(certificate_number or "", field, limit=check.SHORT_TEXT)
    if certificate_number:
        raise InvalidInput(f"a {kind.value} step carries no certificate number", field)
    return None


def active_consent(consents: Sequence[Consent], organisation_id: str) -> Consent | None:
    """The consent in force for an organisation, if any."""
    for consent in reversed(consents):
        if consent.organisation_id == organisation_id and not consent.revoked:
            return consent
    return None


def reminder_due(
    waited_days: int, answer_days: int, escalate_days: int
) -> ReferralReminderLevel | None:
    """The reminder a referral unanswered for `waited_days` is due, if any."""
    if waited_days >= escalate_days:
        return ReferralReminderLevel.SUPERVISOR
    if waited_days >= answer_days:
        return ReferralReminderLevel.PARTNER
    return None
