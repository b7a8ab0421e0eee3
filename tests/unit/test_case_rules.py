from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from baxt.domain.errors import (
    ChildNotSeen,
    ConsentRequired,
    InvalidInput,
    NotUnder18,
    ReferralRequired,
)
from baxt.domain.values import CaseStatus, CloseReason, ContactOutcome, Visit

from .helpers import (
    ACTOR,
    NOW,
    a_child,
    a_visit,
    case_in,
    close,
    consult,
    flagged_case,
    reach_family,
    refer,
    visit,
)


@pytest.mark.parametrize(
    "outcome", [ContactOutcome.NO_ANSWER, ContactOutcome.WRONG_NUMBER, ContactOutcome.DECLINED]
)
def test_a_call_that_does_not_reach_the_family_only_counts(outcome: ContactOutcome) -> None:
    case = case_in(CaseStatus.FLAGGED)

    case.record_contact_attempt(outcome=outcome, visit_scheduled_at=None, note="", actor=ACTOR)

    assert case.status is CaseStatus.FLAGGED
    assert case.contact_attempts == 1
    assert case.visit_scheduled_at is None


def test_a_call_that_reaches_the_family_agrees_the_visit_and_marks_the_case_contacted() -> None:
    case = case_in(CaseStatus.FLAGGED)
    agreed = NOW + timedelta(days=3)

    case.record_contact_attempt(
        outcome=ContactOutcome.REACHED, visit_scheduled_at=agreed, note="", actor=ACTOR
    )

    assert case.status is CaseStatus.CONTACTED
    assert case.visit_scheduled_at == agreed
    assert case.contact_attempts == 1


def test_a_call_that_reaches_the_family_without_agreeing_a_visit_time_is_refused() -> None:
    case = case_in(CaseStatus.FLAGGED)

    with pytest.raises(InvalidInput) as refused:
        case.record_contact_attempt(
            outcome=ContactOutcome.REACHED, visit_scheduled_at=None, note="", actor=ACTOR
        )

    assert refused.value.code == "INVALID_INPUT"
    assert refused.value.field == ("visit_scheduled_at",)
    assert (case.collect_events(), case.contact_attempts) == ([], 0)


def test_a_visit_time_cannot_be_agreed_on_a_call_that_reached_nobody() -> None:
    case = case_in(CaseStatus.FLAGGED)

    with pytest.raises(InvalidInput):
        case.record_contact_attempt(
            outcome=ContactOutcome.NO_ANSWER,
            visit_scheduled_at=NOW + timedelta(days=1),
            note="",
            actor=ACTOR,
        )

    assert case.collect_events() == []


def test_a_visit_time_without_a_timezone_is_refused() -> None:
    case = case_in(CaseStatus.FLAGGED)

    with pytest.raises(InvalidInput, match="timezone"):
        case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=datetime(2026, 5, 12, 10, 0),
            note="",
            actor=ACTOR,
        )

    assert case.status is CaseStatus.FLAGGED


def test_a_visit_can_be_made_straight_from_a_flag() -> None:
    case = case_in(CaseStatus.FLAGGED)

    visit(case)

    assert case.status is CaseStatus.VISITED
    assert case.child_seen is True


def test_a_visit_cannot_be_recorded_before_it_happens() -> None:
    case = case_in(CaseStatus.FLAGGED)

    with pytest.raises(InvalidInput):
        case.record_visit(visit=a_visit(at=NOW + timedelta(hours=1)), actor=ACTOR, now=NOW)

    assert case.collect_events() == []


def test_a_visit_a_few_minutes_ahead_of_the_server_clock_is_accepted() -> None:
    case = case_in(CaseStatus.FLAGGED)

    case.record_visit(visit=a_visit(at=NOW + timedelta(minutes=4)), actor=ACTOR, now=NOW)

    assert case.status is CaseStatus.VISITED


def test_a_visit_that_did_not_see_the_child_cannot_lead_to_a_consultation() -> None:
    case = case_in(CaseStatus.FLAGGED)
    visit(case, child_seen=False)
    case.collect_events()

    with pytest.raises(ChildNotSeen) as refused:
        consult(case)

    assert refused.value.code == "CHILD_NOT_SEEN"
    assert case.status is CaseStatus.VISITED
    assert case.collect_events() == []


def test_another_visit_that_sees_the_child_opens_the_way_to_a_consultation() -> None:
    case = case_in(CaseStatus.FLAGGED)
    visit(case, child_seen=False)
    visit(case, child_seen=True)

    consult(case)

    assert case.status is CaseStatus.CONSULTED
    assert len(case.visits) == 2


def test_a_later_visit_that_misses_the_child_does_not_unsee_them() -> None:
    case = case_in(CaseStatus.VISITED)

    visit(case, child_seen=False)

    assert case.child_seen is True


def test_a_referral_without_the_guardians_consent_is_refused() -> None:
    case = case_in(CaseStatus.CONSULTED)

    with pytest.raises(ConsentRequired) as refused:
        refer(case, consent_given=False)

    assert refused.value.code == "CONSENT_REQUIRED"
    assert (case.status, case.referrals, case.collect_events()) == (
        CaseStatus.CONSULTED,
        (),
        [],
    )


def test_each_referral_gets_its_own_id() -> None:
    case = case_in(CaseStatus.CONSULTED)

    first, second = refer(case), refer(case)

    assert first != second
    assert [r.id for r in case.referrals] == [first, second]


@pytest.mark.parametrize("status", [CaseStatus.FLAGGED, CaseStatus.CONTACTED])
def test_a_case_where_the_child_was_never_seen_cannot_close_with_no_needs_found(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    with pytest.raises(ChildNotSeen):
        close(case, CloseReason.NO_NEEDS_FOUND)

    assert (case.status, case.collect_events()) == (status, [])


def test_a_case_where_the_child_was_seen_can_close_with_no_needs_found() -> None:
    case = case_in(CaseStatus.VISITED)

    close(case, CloseReason.NO_NEEDS_FOUND)

    assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.NO_NEEDS_FOUND)


@pytest.mark.parametrize("status", [CaseStatus.FLAGGED, CaseStatus.VISITED, CaseStatus.CONSULTED])
def test_services_linked_needs_a_referral(status: CaseStatus) -> None:
    case = case_in(status)

    with pytest.raises(ReferralRequired) as refused:
        close(case, CloseReason.SERVICES_LINKED)

    assert refused.value.code == "REFERRAL_REQUIRED"
    assert (case.status, case.collect_events()) == (status, [])


def test_reopening_starts_a_fresh_episode_in_the_quarter_of_the_reopening() -> None:
    case = case_in(CaseStatus.FLAGGED)
    reach_family(case)
    visit(case)
    close(case, CloseReason.NO_NEEDS_FOUND)

    case.reopen(reason="A new report", actor=ACTOR, now=datetime(2026, 9, 30, 19, 30, tzinfo=UTC))

    assert case.status is CaseStatus.FLAGGED
    assert (case.child_seen, case.contact_attempts, case.visit_scheduled_at) == (False, 0, None)
    assert case.close_reason is None
    assert case.quarter == "2026-Q4"


def test_a_reopened_case_needs_the_child_seen_again_before_a_consultation() -> None:
    case = case_in(CaseStatus.VISITED)
    close(case)
    case.reopen(reason="A new report", actor=ACTOR, now=NOW)
    case.record_visit(visit=Visit(NOW, False, True, "", False), actor=ACTOR, now=NOW)

    with pytest.raises(ChildNotSeen):
        consult(case)


def test_a_case_cannot_be_reopened_once_the_child_is_18() -> None:
    case = flagged_case(child=a_child(birth_date=date(2008, 7, 1)))
    close(case)
    case.collect_events()

    with pytest.raises(NotUnder18):
        case.reopen(reason="A new report", actor=ACTOR, now=datetime(2026, 7, 1, tzinfo=UTC))

    assert (case.status, case.collect_events()) == (CaseStatus.CLOSED, [])
