from __future__ import annotations

from datetime import date

import pytest

from baxt.domain.errors import InvalidTransition
from baxt.domain.quarter import Quarter
from baxt.domain.values import CaseStatus

from .helpers import ACTOR, case_in


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
