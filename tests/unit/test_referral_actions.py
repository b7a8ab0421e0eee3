"""`PartnerReferral.allowedActions` cannot lie: in every status a referral reaches, each
command it lists is accepted by the partner's real command, and each one refused is not
listed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from baxt.domain.case import Case
from baxt.domain.errors import InvalidTransition
from baxt.domain.referrals import (
    ConsentPurpose,
    ProgressKind,
    ReferralAction,
    ReferralOutcome,
    referral_actions,
)
from baxt.domain.values import CaseStatus, ReferralStatus
from tests.unit.helpers import ACTOR, case_in

SOS = "org-sos"
PARTNER = "partner-sos"
Command = Callable[[Case, str], object]


def _accept(case: Case, referral_id: str) -> None:
    case.accept_referral(referral_id=referral_id, organisation_id=SOS, actor=PARTNER)


def _progress(case: Case, referral_id: str) -> None:
    case.record_referral_progress(
        referral_id=referral_id,
        organisation_id=SOS,
        kind=ProgressKind.SESSION_HELD,
        note="",
        certificate_number=None,
        actor=PARTNER,
    )


def _complete(case: Case, referral_id: str) -> None:
    case.complete_referral(
        referral_id=referral_id,
        organisation_id=SOS,
        outcome=ReferralOutcome.GOALS_MET,
        note="",
        actor=PARTNER,
    )


def _decline(case: Case, referral_id: str) -> None:
    case.decline_referral(
        referral_id=referral_id, organisation_id=SOS, reason="No places left", actor=PARTNER
    )


def _cancel(case: Case, referral_id: str) -> None:
    case.cancel_referral(referral_id=referral_id, reason="The family moved", actor=ACTOR)


COMMANDS: dict[ReferralAction, Command] = {
    ReferralAction.RESPOND_TO_REFERRAL: _accept,
    ReferralAction.RECORD_REFERRAL_PROGRESS: _progress,
    ReferralAction.COMPLETE_REFERRAL: _complete,
}
STATES: dict[ReferralStatus, list[Command]] = {
    ReferralStatus.PENDING: [],
    ReferralStatus.ACCEPTED: [_accept],
    ReferralStatus.IN_PROGRESS: [_accept, _progress],
    ReferralStatus.COMPLETED: [_accept, _progress, _complete],
    ReferralStatus.DECLINED: [_decline],
    ReferralStatus.CANCELLED: [_cancel],
}


def _referral_in(status: ReferralStatus) -> tuple[Case, str]:
    case = case_in(CaseStatus.CONSULTED)
    case.give_consent(organisation_id=SOS, purpose=ConsentPurpose.SHARE_WITH_PARTNER, actor=ACTOR)
    referral_id = case.refer(
        service_category="FAMILY_STRENGTHENING",
        provider="SOS Children's Villages",
        reason="The family needs support",
        consent_given=True,
        actor=ACTOR,
        organisation_id=SOS,
    )
    for step in STATES[status]:
        step(case, referral_id)
    assert next(r.status for r in case.referrals if r.id == referral_id) is status
    return case, referral_id


def _accepted(status: ReferralStatus, action: ReferralAction) -> bool:
    case, referral_id = _referral_in(status)
    try:
        COMMANDS[action](case, referral_id)
    except InvalidTransition:
        return False
    return True


def test_every_status_and_every_command_is_driven() -> None:
    assert set(STATES) == set(ReferralStatus)
    assert set(COMMANDS) == set(ReferralAction)


@pytest.mark.parametrize("status", list(ReferralStatus))
def test_the_actions_listed_are_exactly_those_the_partner_s_commands_accept(
    status: ReferralStatus,
) -> None:
    accepted = [action for action in ReferralAction if _accepted(status, action)]

    assert referral_actions(status) == accepted


def test_a_pending_referral_may_also_be_declined_and_an_ended_one_takes_nothing() -> None:
    case, referral_id = _referral_in(ReferralStatus.PENDING)
    _decline(case, referral_id)

    assert case.referrals[-1].status is ReferralStatus.DECLINED
    assert referral_actions(ReferralStatus.PENDING) == [ReferralAction.RESPOND_TO_REFERRAL]
    assert referral_actions(ReferralStatus.DECLINED) == []
