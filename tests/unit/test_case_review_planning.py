"""The planner's reviews: `plan_review` on a case in every status."""

from __future__ import annotations

from datetime import date

import pytest

from baxt.domain.case import Case, events
from baxt.domain.quarter import Quarter
from baxt.domain.values import CaseStatus, RiskLevel
from tests.unit.helpers import ACTOR, NOW, case_in, close, consult, visit

QUARTER = Quarter(2026, 2)
REVIEWABLE = {CaseStatus.CONSULTED, CaseStatus.REFERRED}


def _plan(case: Case, quarter: Quarter = QUARTER) -> bool:
    return case.plan_review(quarter=quarter, actor="scheduler")


@pytest.mark.parametrize("status", [CaseStatus.CONSULTED, CaseStatus.REFERRED])
def test_a_case_never_reviewed_gets_its_review_planned_for_the_quarter_s_last_day(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    assert _plan(case)

    (planned,) = case.collect_events()
    assert isinstance(planned, events.ReviewPlanned)
    assert (planned.quarter, planned.due_on, planned.actor) == (
        "2026-Q2",
        date(2026, 6, 30),
        "scheduler",
    )
    assert case.next_review_due == date(2026, 6, 30)
    assert case.status is status


@pytest.mark.parametrize("status", [s for s in CaseStatus if s not in REVIEWABLE])
def test_no_review_is_planned_before_the_consultation_or_on_a_closed_case(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    assert not _plan(case)
    assert case.collect_events() == []
    assert case.next_review_due is None


def test_an_erased_case_gets_no_review_planned() -> None:
    case = case_in(CaseStatus.CONSULTED)
    case.erase_child_data(legal_reason="Court order 2026/77", actor="admin")
    case.collect_events()

    assert not _plan(case)
    assert case.collect_events() == []


def test_a_review_due_already_is_not_planned_again() -> None:
    case = case_in(CaseStatus.CONSULTED)
    assert _plan(case)

    assert not _plan(case)
    assert not _plan(case, QUARTER.next())
    assert [type(e) for e in case.collect_events()] == [events.ReviewPlanned]


def test_an_overdue_review_stays_overdue_rather_than_moved_to_a_later_quarter() -> None:
    case = case_in(CaseStatus.REFERRED)
    case.record_review(
        reviewed_on=date(2026, 5, 8),
        risk_level=RiskLevel.LOW,
        next_review_due=date(2026, 5, 9),
        actor=ACTOR,
        now=NOW,
    )
    case.collect_events()

    assert not _plan(case, QUARTER.next())
    assert case.next_review_due == date(2026, 5, 9)


def test_a_reopened_case_consulted_again_gets_a_fresh_review_not_the_old_overdue_one() -> None:
    case = case_in(CaseStatus.CONSULTED)
    assert _plan(case)
    assert case.remind_review_overdue(
        today=date(2026, 7, 2), supervisor_after_days=14, actor="scheduler"
    )
    close(case)
    case.reopen(reason="Flagged again", actor=ACTOR, now=NOW)
    assert case.next_review_due is None
    visit(case)
    consult(case)

    assert _plan(case)
    assert case.next_review_due == date(2026, 6, 30)
    assert case.remind_review_overdue(
        today=date(2026, 7, 2), supervisor_after_days=14, actor="scheduler"
    )
