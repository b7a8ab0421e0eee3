from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.saving import Saved
from baxt.application.partners.rows import PartnerReferralRow
from baxt.application.partners.saved import referral_as_saved
from baxt.domain.case import Case
from baxt.domain.referrals import ConsentPurpose, ProgressKind, ReferralOutcome
from baxt.domain.values import ReferralStatus

from .helpers import ACTOR, an_application, consult, flag_child, visit

SOS = "org-sos"
PARTNER = "partner-sos"


def _referred(app: CaseApplication) -> tuple[UUID, str]:
    case_id = flag_child(app).case_id
    referral: list[str] = []

    def refer(case: Case) -> None:
        visit(case)
        consult(case)
        case.give_consent(
            organisation_id=SOS, purpose=ConsentPurpose.SHARE_WITH_PARTNER, actor=ACTOR
        )
        referral.append(
            case.refer(
                service_category="FAMILY_STRENGTHENING",
                provider="SOS Children's Villages",
                reason="The family needs support",
                consent_given=True,
                actor=ACTOR,
                organisation_id=SOS,
            )
        )

    app.change_case(case_id, refer)
    return case_id, referral[0]


def _row(case_id: UUID, referral_id: str, status: ReferralStatus) -> PartnerReferralRow:
    earlier = datetime(2026, 5, 1, tzinfo=UTC)
    return PartnerReferralRow(
        referral_id=referral_id,
        case_id=case_id,
        organisation_id=SOS,
        service_id=None,
        service_category="FAMILY_STRENGTHENING",
        provider="SOS Children's Villages",
        reason="The family needs support",
        status=status,
        child_full_name="Aziza Karimova",
        child_age=11,
        guardian_name="Dilnoza Karimova",
        guardian_phone="+998901234567",
        region="Tashkent",
        district="Yunusobod",
        needs=(),
        progress=(),
        outcome=None,
        answer_note=None,
        created_at=earlier,
        updated_at=earlier,
    )


def _accept(app: CaseApplication, case_id: UUID, referral_id: str) -> Saved:
    return app.change_case(
        case_id,
        lambda case: case.accept_referral(
            referral_id=referral_id, organisation_id=SOS, actor=PARTNER
        ),
    )


def _session(app: CaseApplication, case_id: UUID, referral_id: str) -> Saved:
    return app.change_case(
        case_id,
        lambda case: case.record_referral_progress(
            referral_id=referral_id,
            organisation_id=SOS,
            kind=ProgressKind.SESSION_HELD,
            note="first session",
            certificate_number=None,
            actor=PARTNER,
        ),
    )


def _complete(app: CaseApplication, case_id: UUID, referral_id: str) -> Saved:
    return app.change_case(
        case_id,
        lambda case: case.complete_referral(
            referral_id=referral_id,
            organisation_id=SOS,
            outcome=ReferralOutcome.GOALS_MET,
            note="done",
            actor=PARTNER,
        ),
    )


def test_a_step_recorded_on_a_referral_shows_in_its_answer_before_any_projection() -> None:
    app = an_application()
    case_id, referral_id = _referred(app)
    _accept(app, case_id, referral_id)

    saved = _session(app, case_id, referral_id)
    answer = referral_as_saved(_row(case_id, referral_id, ReferralStatus.PENDING), saved)

    assert answer.status is ReferralStatus.IN_PROGRESS
    assert [(s.kind, s.note) for s in answer.progress] == [
        (ProgressKind.SESSION_HELD, "first session")
    ]
    assert answer.updated_at == saved.events[-1].timestamp


def test_a_completed_referral_answers_its_outcome_and_note() -> None:
    app = an_application()
    case_id, referral_id = _referred(app)
    _accept(app, case_id, referral_id)
    _session(app, case_id, referral_id)

    saved = _complete(app, case_id, referral_id)
    answer = referral_as_saved(_row(case_id, referral_id, ReferralStatus.IN_PROGRESS), saved)

    assert (answer.status, answer.outcome, answer.answer_note) == (
        ReferralStatus.COMPLETED,
        ReferralOutcome.GOALS_MET,
        "done",
    )
