from __future__ import annotations

import pytest

from baxt.domain.case import Case
from baxt.domain.errors import (
    ConsentRequired,
    InvalidInput,
    InvalidTransition,
    ReferralNotFound,
)
from baxt.domain.referrals import ConsentPurpose, ProgressKind, ReferralOutcome
from baxt.domain.values import CaseStatus, ReferralStatus

from .helpers import ACTOR, an_application, case_in, consult, flag_child, read_case, visit

SOS = "org-sos"
OTHER = "org-other"
PARTNER = "partner-sos"


def _consent(case: Case, organisation_id: str = SOS) -> str:
    return case.give_consent(
        organisation_id=organisation_id, purpose=ConsentPurpose.SHARE_WITH_PARTNER, actor=ACTOR
    )


def _refer_to(case: Case, organisation_id: str = SOS) -> str:
    return case.refer(
        service_category="FAMILY_STRENGTHENING",
        provider="SOS Children's Villages",
        reason="The family needs support",
        consent_given=True,
        actor=ACTOR,
        organisation_id=organisation_id,
        service_id="service-1",
    )


def _referred_case() -> tuple[Case, str]:
    case = case_in(CaseStatus.CONSULTED)
    _consent(case)
    return case, _refer_to(case)


def _status(case: Case, referral_id: str) -> ReferralStatus:
    return next(r.status for r in case.referrals if r.id == referral_id)


def _progress(
    case: Case, referral_id: str, kind: ProgressKind, certificate: str | None = None
) -> None:
    case.record_referral_progress(
        referral_id=referral_id,
        organisation_id=SOS,
        kind=kind,
        note="",
        certificate_number=certificate,
        actor=PARTNER,
    )


def test_a_referral_to_a_partner_without_consent_to_share_is_refused() -> None:
    case = case_in(CaseStatus.CONSULTED)
    with pytest.raises(ConsentRequired) as raised:
        _refer_to(case)
    assert raised.value.field == ("organisation_id",)


def test_a_referral_to_a_partner_with_consent_names_the_organisation_and_service() -> None:
    case, referral_id = _referred_case()
    referral = case.referrals[-1]
    assert (referral.id, referral.organisation_id, referral.service_id) == (
        referral_id,
        SOS,
        "service-1",
    )
    assert referral.status is ReferralStatus.PENDING


def test_giving_consent_twice_to_the_same_organisation_records_it_once() -> None:
    case = case_in(CaseStatus.CONSULTED)
    assert _consent(case) == _consent(case)
    assert len([e for e in case.collect_events() if isinstance(e, Case.ConsentGiven)]) == 1


def test_a_revoked_consent_refuses_new_referrals_and_hides_the_referral() -> None:
    case, referral_id = _referred_case()
    case.revoke_consent(organisation_id=SOS, reason="guardian asked", actor=ACTOR)
    with pytest.raises(ConsentRequired):
        _refer_to(case)
    with pytest.raises(ReferralNotFound):
        case.accept_referral(referral_id=referral_id, organisation_id=SOS, actor=PARTNER)


def test_revoking_a_consent_twice_is_refused() -> None:
    case, _ = _referred_case()
    case.revoke_consent(organisation_id=SOS, reason="", actor=ACTOR)
    with pytest.raises(InvalidInput):
        case.revoke_consent(organisation_id=SOS, reason="", actor=ACTOR)


def test_consent_given_again_after_revocation_shares_the_case_again() -> None:
    case, referral_id = _referred_case()
    case.revoke_consent(organisation_id=SOS, reason="", actor=ACTOR)
    _consent(case)
    case.accept_referral(referral_id=referral_id, organisation_id=SOS, actor=PARTNER)
    assert _status(case, referral_id) is ReferralStatus.ACCEPTED


def test_another_organisation_cannot_act_on_the_referral() -> None:
    case, referral_id = _referred_case()
    _consent(case, OTHER)
    with pytest.raises(ReferralNotFound):
        case.accept_referral(referral_id=referral_id, organisation_id=OTHER, actor=PARTNER)


def test_the_full_flow_accept_progress_complete() -> None:
    case, referral_id = _referred_case()
    case.accept_referral(referral_id=referral_id, organisation_id=SOS, actor=PARTNER)
    assert _status(case, referral_id) is ReferralStatus.ACCEPTED
    _progress(case, referral_id, ProgressKind.SESSION_HELD)
    _progress(case, referral_id, ProgressKind.TRAINING_COMPLETED, "CERT-97")
    assert _status(case, referral_id) is ReferralStatus.IN_PROGRESS
    case.complete_referral(
        referral_id=referral_id,
        organisation_id=SOS,
        outcome=ReferralOutcome.GOALS_MET,
        note="stable",
        actor=PARTNER,
    )
    assert _status(case, referral_id) is ReferralStatus.COMPLETED


def test_progress_before_acceptance_is_an_invalid_transition() -> None:
    case, referral_id = _referred_case()
    with pytest.raises(InvalidTransition):
        _progress(case, referral_id, ProgressKind.SESSION_HELD)


def test_declining_needs_a_reason_and_names_the_caseworker() -> None:
    case, referral_id = _referred_case()
    case.assign(caseworker="cw-1", reason="", actor=ACTOR)
    with pytest.raises(InvalidInput):
        case.decline_referral(
            referral_id=referral_id, organisation_id=SOS, reason=" ", actor=PARTNER
        )
    case.decline_referral(
        referral_id=referral_id, organisation_id=SOS, reason="no places", actor=PARTNER
    )
    declined = case.collect_events()[-1]
    assert isinstance(declined, Case.ReferralDeclined)
    assert (declined.reason, declined.caseworker) == ("no places", "cw-1")


def test_the_caseworker_cancels_before_an_end_state_only() -> None:
    case, referral_id = _referred_case()
    case.cancel_referral(referral_id=referral_id, reason="family moved", actor=ACTOR)
    assert _status(case, referral_id) is ReferralStatus.CANCELLED
    with pytest.raises(InvalidTransition):
        case.cancel_referral(referral_id=referral_id, reason="again", actor=ACTOR)


def test_an_unanswered_referral_is_reminded_once_a_level() -> None:
    case, referral_id = _referred_case()

    def remind(days: int) -> bool:
        return case.remind_referral(
            referral_id=referral_id,
            waited_days=days,
            answer_days=5,
            escalate_days=10,
            actor="scheduler",
        )

    assert [remind(4), remind(5), remind(6), remind(10), remind(11)] == [
        False,
        True,
        False,
        True,
        False,
    ]


def test_referral_events_decode_from_the_event_store() -> None:
    app = an_application()
    saved = flag_child(app)
    case = read_case(app, saved.case_id)
    visit(case)
    consult(case)
    _consent(case)
    referral_id = _refer_to(case)
    case.accept_referral(referral_id=referral_id, organisation_id=SOS, actor=PARTNER)
    _progress(case, referral_id, ProgressKind.TRAINING_COMPLETED, "CERT-1")
    app.save(case)

    again = read_case(app, saved.case_id)

    assert _status(again, referral_id) is ReferralStatus.IN_PROGRESS
    assert again.shares_with(SOS)
    kinds = [e.data.get("kind") for e in app.history(saved.case_id, limit=100)]
    assert "TRAINING_COMPLETED" in kinds
