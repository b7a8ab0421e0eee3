"""`Case.allowedActions` cannot lie: in every status, with and without a request waiting,
each command it lists is accepted by the real command on the in-memory application, and
each command the case refuses is not listed; the caller's role then narrows the list."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from baxt.application.access.principal import Principal, Role
from baxt.application.cases.actions import actions_for
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.rows import CaseSummary
from baxt.domain.approvals import ApprovalKind
from baxt.domain.case import Case
from baxt.domain.case.actions import ALLOWED_IN, CaseAction, allowed_actions
from baxt.domain.case.work_plan import REVISABLE
from baxt.domain.errors import CaseErased, ChildNotSeen, InvalidInput, InvalidTransition
from baxt.domain.referrals import ConsentPurpose
from baxt.domain.values import CaseStatus, CloseReason, RiskLevel
from tests.unit.helpers import (
    ACTOR,
    NOW,
    a_plan,
    a_visit,
    an_application,
    close,
    consult,
    flag_child,
    reach_family,
    refer,
    visit,
)

SUPERVISOR = Principal("sup.dilnoza", Role.SUPERVISOR, districts=("Yunusobod",))
CASEWORKER = Principal("cw.aziza", Role.CASEWORKER, mahallas=("Bodomzor",))
Step = Callable[[Case], object]

_STEPS: dict[CaseStatus, list[Step]] = {
    CaseStatus.FLAGGED: [],
    CaseStatus.CONTACTED: [reach_family],
    CaseStatus.VISITED: [visit],
    CaseStatus.CONSULTED: [visit, consult],
    CaseStatus.REFERRED: [visit, consult, refer],
    CaseStatus.CLOSED: [close],
}
OPEN = [s for s in CaseStatus if s is not CaseStatus.CLOSED]


def _request_closure(case: Case) -> None:
    case.request_closure(reason=CloseReason.OTHER, note="", actor=ACTOR)


def _request_transfer(case: Case) -> None:
    case.request_transfer(
        region="Tashkent", district="Chilonzor", mahalla="Qatortol", reason="moved", actor=ACTOR
    )


def _request_revision(case: Case) -> None:
    case.request_work_plan_revision(reason="The clinic moved the date", actor=ACTOR, add=a_plan())


def _request_transfer_approval(case: Case) -> None:
    case.request_transfer_approval(
        region="Tashkent", district="Chilonzor", mahalla="Qatortol", reason="moved", actor=ACTOR
    )


def _awaited(case: Case) -> ApprovalKind:
    return case.awaited_approval or ApprovalKind.CLOSURE


def _erase(case: Case) -> None:
    case.erase_child_data(legal_reason="The guardian's request under the law", actor=ACTOR)


def _cancel_first_referral(case: Case) -> None:
    case.cancel_referral(
        referral_id=case.referrals[0].id, reason="The family found a closer clinic", actor=ACTOR
    )


COMMANDS_CANCEL = _cancel_first_referral


STATES: dict[str, list[Step]] = {
    **{status.value: steps for status, steps in _STEPS.items()},
    "VISITED_CHILD_UNSEEN": [lambda case: visit(case, child_seen=False)],
    **{f"{s.value}_CLOSURE_PENDING": [*_STEPS[s], _request_closure] for s in OPEN},
    **{f"{s.value}_TRANSFER_PENDING": [*_STEPS[s], _request_transfer] for s in OPEN},
    **{f"{s.value}_REVISION_PENDING": [*_STEPS[s], _request_revision] for s in REVISABLE},
    **{f"{s.value}_TRANSFER_APPROVAL": [*_STEPS[s], _request_transfer_approval] for s in OPEN},
    "ERASED": [_erase],
    "REFERRED_THEN_CLOSED": [*_STEPS[CaseStatus.REFERRED], close],
    "REFERRED_AND_CANCELLED": [*_STEPS[CaseStatus.REFERRED], COMMANDS_CANCEL],
    "REFERRED_THEN_ERASED": [*_STEPS[CaseStatus.REFERRED], _erase],
}

COMMANDS: dict[CaseAction, Step] = {
    CaseAction.RECORD_CONTACT_ATTEMPT: reach_family,
    CaseAction.RECORD_VISIT: lambda case: case.record_visit(visit=a_visit(), actor=ACTOR, now=NOW),
    CaseAction.RECORD_CONSULTATION: consult,
    CaseAction.REFER_CASE: refer,
    CaseAction.REVISE_WORK_PLAN: lambda case: case.revise_work_plan(
        reason="The clinic moved the date", actor=ACTOR, add=a_plan()
    ),
    CaseAction.RECORD_REVIEW: lambda case: case.record_review(
        reviewed_on=NOW.date(), risk_level=RiskLevel.LOW, actor=ACTOR, now=NOW
    ),
    CaseAction.ASSIGN_CASE: lambda case: case.assign(caseworker="cw.other", reason="", actor=ACTOR),
    CaseAction.CLOSE_CASE: lambda case: close(case, CloseReason.OTHER),
    CaseAction.APPROVE_CLOSURE: lambda case: case.approve_closure(comment="", actor=ACTOR),
    CaseAction.REJECT_CLOSURE: lambda case: case.reject_closure(
        comment="Visit once more first", actor=ACTOR
    ),
    CaseAction.WITHDRAW_CLOSURE: lambda case: case.withdraw_closure_request(actor=ACTOR),
    CaseAction.REOPEN_CASE: lambda case: case.reopen(
        reason="The school flagged the child again", actor=ACTOR, now=NOW
    ),
    CaseAction.CORRECT_CHILD: lambda case: case.correct_child(
        reason="The name was misspelt", actor=ACTOR, full_name="Karimova Malika Azizovna"
    ),
    CaseAction.CORRECT_HOUSEHOLD: lambda case: case.correct_household(
        reason="A new phone", actor=ACTOR, guardian_phone="+998901112233"
    ),
    CaseAction.REQUEST_TRANSFER: _request_transfer,
    CaseAction.RECORD_CONSENT: lambda case: case.give_consent(
        organisation_id="org-nur", purpose=ConsentPurpose.SHARE_WITH_PARTNER, actor=ACTOR
    ),
    CaseAction.CANCEL_REFERRAL: lambda case: case.cancel_referral(
        referral_id=case.referrals[-1].id if case.referrals else "none",
        reason="The family found a closer clinic",
        actor=ACTOR,
    ),
    CaseAction.APPROVE_REQUEST: lambda case: case.approve_request(
        kind=_awaited(case), comment="", actor=ACTOR
    ),
    CaseAction.REJECT_REQUEST: lambda case: case.reject_request(
        kind=_awaited(case), comment="Visit once more first", actor=ACTOR
    ),
    CaseAction.WITHDRAW_REQUEST: lambda case: case.withdraw_request(
        kind=_awaited(case), actor=ACTOR
    ),
}


def _case_in(app: CaseApplication, state: str) -> CaseSummary:
    saved = flag_child(app)
    for step in STATES[state]:
        saved = app.change_case(saved.case_id, step)
    return saved.row


def _accepted(state: str, action: CaseAction) -> bool:
    app = an_application()
    row = _case_in(app, state)
    try:
        app.change_case(row.case_id, COMMANDS[action])
    except (InvalidTransition, CaseErased, ChildNotSeen, InvalidInput):
        return False
    return True


def test_every_command_is_driven() -> None:
    assert set(COMMANDS) == set(CaseAction) == set(ALLOWED_IN)


@pytest.mark.parametrize("state", STATES)
def test_the_actions_listed_are_exactly_those_the_commands_accept(state: str) -> None:
    listed = actions_for(SUPERVISOR, _case_in(an_application(), state))

    accepted = [action for action in CaseAction if _accepted(state, action)]

    assert listed == accepted


@pytest.mark.parametrize("state", STATES)
def test_a_caseworker_sees_no_decision_and_no_assignment(state: str) -> None:
    row = _case_in(an_application(), state)
    decisions = {
        CaseAction.APPROVE_CLOSURE,
        CaseAction.REJECT_CLOSURE,
        CaseAction.APPROVE_REQUEST,
        CaseAction.REJECT_REQUEST,
        CaseAction.ASSIGN_CASE,
    }

    assert actions_for(CASEWORKER, row) == [
        a for a in actions_for(SUPERVISOR, row) if a not in decisions
    ]


def test_roles_that_change_no_case_see_no_action() -> None:
    row = _case_in(an_application(), "VISITED")

    assert actions_for(Principal("audit.one", Role.AUDITOR), row) == []
    assert actions_for(Principal("analyst.one", Role.ANALYST), row) == []


def test_the_domain_list_follows_the_case_state() -> None:
    assert allowed_actions(
        CaseStatus.CLOSED, child_seen=True, closure_pending=False, erased=False
    ) == [
        CaseAction.REOPEN_CASE,
        CaseAction.CORRECT_CHILD,
        CaseAction.CORRECT_HOUSEHOLD,
        CaseAction.RECORD_CONSENT,
    ]
    assert (
        allowed_actions(CaseStatus.VISITED, child_seen=True, closure_pending=False, erased=True)
        == []
    )


def test_a_referral_not_ended_lets_the_case_be_cancelled_even_once_closed() -> None:
    row = _case_in(an_application(), "REFERRED_THEN_CLOSED")

    assert CaseAction.CANCEL_REFERRAL in actions_for(CASEWORKER, row)


def test_a_case_whose_referrals_all_ended_lists_no_cancelling() -> None:
    row = _case_in(an_application(), "REFERRED_AND_CANCELLED")

    assert CaseAction.CANCEL_REFERRAL not in actions_for(SUPERVISOR, row)
    assert CaseAction.RECORD_CONSENT in actions_for(SUPERVISOR, row)


@pytest.mark.parametrize("action", [CaseAction.RECORD_CONSENT, CaseAction.CANCEL_REFERRAL])
def test_an_erased_case_takes_no_consent_and_no_cancelling(action: CaseAction) -> None:
    assert not _accepted("REFERRED_THEN_ERASED", action)
