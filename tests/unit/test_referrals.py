from __future__ import annotations

import pytest

from baxt.domain import referrals as rules
from baxt.domain.errors import InvalidInput, InvalidTransition
from baxt.domain.referrals import (
    Consent,
    ConsentPurpose,
    ProgressKind,
    ReferralReminderLevel,
)
from baxt.domain.values import ReferralStatus

PENDING, ACCEPTED, DECLINED, IN_PROGRESS, COMPLETED, CANCELLED = ReferralStatus
ALLOWED = {
    (PENDING, ACCEPTED),
    (PENDING, DECLINED),
    (PENDING, CANCELLED),
    (ACCEPTED, IN_PROGRESS),
    (ACCEPTED, CANCELLED),
    (IN_PROGRESS, IN_PROGRESS),
    (IN_PROGRESS, COMPLETED),
    (IN_PROGRESS, CANCELLED),
}


@pytest.mark.parametrize("current", list(ReferralStatus))
@pytest.mark.parametrize("target", list(ReferralStatus))
def test_a_referral_moves_only_along_its_lifecycle(
    current: ReferralStatus, target: ReferralStatus
) -> None:
    assert rules.can_move(current, target) is ((current, target) in ALLOWED)


@pytest.mark.parametrize("end", [DECLINED, COMPLETED, CANCELLED])
def test_an_ended_referral_cannot_be_cancelled(end: ReferralStatus) -> None:
    with pytest.raises(InvalidTransition):
        rules.require_move(end, CANCELLED)


def test_a_pending_referral_cannot_be_completed_without_being_accepted() -> None:
    with pytest.raises(InvalidTransition, match="PENDING cannot become COMPLETED"):
        rules.require_move(PENDING, COMPLETED)


def test_a_completed_training_needs_its_certificate_number() -> None:
    with pytest.raises(InvalidInput) as raised:
        rules.checked_certificate(ProgressKind.TRAINING_COMPLETED, None)
    assert raised.value.field == ("certificate_number",)


def test_a_completed_training_keeps_its_certificate_number() -> None:
    assert rules.checked_certificate(ProgressKind.TRAINING_COMPLETED, " C-97 ") == "C-97"


def test_a_session_carries_no_certificate_number() -> None:
    with pytest.raises(InvalidInput):
        rules.checked_certificate(ProgressKind.SESSION_HELD, "C-1")
    assert rules.checked_certificate(ProgressKind.SESSION_HELD, None) is None


def test_a_revoked_consent_is_not_in_force() -> None:
    given = Consent("c1", ConsentPurpose.SHARE_WITH_PARTNER, "org-a")
    revoked = Consent("c2", ConsentPurpose.SHARE_WITH_PARTNER, "org-b", revoked=True)
    assert rules.active_consent([given, revoked], "org-a") == given
    assert rules.active_consent([given, revoked], "org-b") is None


@pytest.mark.parametrize(
    ("waited", "due"),
    [
        (4, None),
        (5, ReferralReminderLevel.PARTNER),
        (9, ReferralReminderLevel.PARTNER),
        (10, ReferralReminderLevel.SUPERVISOR),
    ],
)
def test_an_unanswered_referral_reminds_the_partner_then_escalates(
    waited: int, due: ReferralReminderLevel | None
) -> None:
    assert rules.reminder_due(waited, answer_days=5, escalate_days=10) is due
