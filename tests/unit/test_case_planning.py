from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from baxt.domain.case import Case
from baxt.domain.errors import InvalidTransition
from baxt.domain.quarter import Quarter
from baxt.domain.values import CaseStatus, OverdueLevel

from .helpers import ACTOR, a_visit, case_in

LATER = datetime(2027, 1, 2, 9, tzinfo=UTC)


def test_a_planned_visit_is_due_on_the_quarters_last_day() -> None:
    case = case_in(CaseStatus.CONTACTED)

    assert case.plan_visit(quarter=Quarter(2026, 4), actor=ACTOR)

    assert case.visit_due_on == date(2026, 12, 31)
    assert case.planned_quarters == ("2026-Q4",)


def test_a_quarter_already_planned_records_nothing() -> None:
    case = case_in(CaseStatus.FLAGGED)
    case.plan_visit(quarter=Quarter(2027, 1), actor=ACTOR)
    version = case.version

    assert not case.plan_visit(quarter=Quarter(2027, 1), actor=ACTOR)
    assert case.version == version


def test_assigning_to_the_same_caseworker_again_records_nothing() -> None:
    case = case_in(CaseStatus.VISITED)

    assert case.assign(caseworker="cw.aziza", reason="", actor=ACTOR)
    version = case.version
    assert not case.assign(caseworker="cw.aziza", reason="", actor=ACTOR)

    assert (case.caseworker, case.version) == ("cw.aziza", version)


def test_a_closed_case_is_neither_planned_nor_assigned() -> None:
    case = case_in(CaseStatus.CLOSED)

    with pytest.raises(InvalidTransition):
        case.plan_visit(quarter=Quarter(2027, 1), actor=ACTOR)
    with pytest.raises(InvalidTransition):
        case.assign(caseworker="cw.aziza", reason="", actor=ACTOR)
    assert case.caseworker is None


def _planned() -> Case:
    case = case_in(CaseStatus.FLAGGED)
    case.plan_visit(quarter=Quarter(2026, 4), actor=ACTOR)
    return case


def test_a_visit_not_yet_due_is_not_overdue() -> None:
    case = _planned()

    assert not case.remind_overdue(today=date(2026, 12, 31), supervisor_after_days=14, actor=ACTOR)


def test_an_overdue_visit_reminds_the_caseworker_then_the_supervisor_once_each() -> None:
    case = _planned()
    case.assign(caseworker="cw.aziza", reason="", actor=ACTOR)
    day = date(2027, 1, 1)

    assert case.remind_overdue(today=day, supervisor_after_days=14, actor=ACTOR)
    assert not case.remind_overdue(today=day, supervisor_after_days=14, actor=ACTOR)
    assert case.remind_overdue(today=date(2027, 1, 14), supervisor_after_days=14, actor=ACTOR)
    assert not case.remind_overdue(today=date(2027, 1, 30), supervisor_after_days=14, actor=ACTOR)

    levels = [e.level for e in case.collect_events() if isinstance(e, Case.VisitOverdue)]
    assert levels == [OverdueLevel.CASEWORKER, OverdueLevel.SUPERVISOR]


def test_an_unassigned_overdue_case_goes_straight_to_the_supervisor() -> None:
    case = _planned()

    assert case.remind_overdue(today=date(2027, 1, 2), supervisor_after_days=14, actor=ACTOR)

    assert case.reminders == ("2026-Q4:SUPERVISOR",)


def test_a_child_seen_in_the_quarter_is_not_overdue() -> None:
    case = _planned()
    case.record_visit(
        visit=a_visit(at=datetime(2026, 11, 2, 9, tzinfo=UTC)), actor=ACTOR, now=LATER
    )

    assert not case.remind_overdue(today=date(2027, 1, 2), supervisor_after_days=14, actor=ACTOR)


def test_a_child_seen_only_in_an_earlier_quarter_is_still_overdue() -> None:
    case = case_in(CaseStatus.FLAGGED)
    case.record_visit(
        visit=a_visit(at=datetime(2026, 9, 30, 9, tzinfo=UTC)), actor=ACTOR, now=LATER
    )
    case.plan_visit(quarter=Quarter(2026, 4), actor=ACTOR)

    assert case.remind_overdue(today=date(2027, 1, 2), supervisor_after_days=14, actor=ACTOR)
