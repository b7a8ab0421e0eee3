"""Case reviews: `record_review` on a consulted or referred case."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from baxt.domain.case import Case, events
from baxt.domain.case.reviews import default_next_review
from baxt.domain.errors import CaseErased, InvalidInput, InvalidTransition
from baxt.domain.personal_data import ERASED
from baxt.domain.values import CaseStatus, RiskLevel
from tests.unit.helpers import (
    ACTOR,
    NOW,
    a_plan,
    an_application,
    case_in,
    flag_child,
    read_case,
    some_needs,
    visit,
)

REVIEWABLE = {CaseStatus.CONSULTED, CaseStatus.REFERRED}
REVIEWED_ON = date(2026, 5, 8)


def _review(case: Case, **given: Any) -> None:
    case.record_review(
        reviewed_on=given.pop("reviewed_on", REVIEWED_ON),
        risk_level=given.pop("risk_level", RiskLevel.MEDIUM),
        actor=ACTOR,
        now=NOW,
        **given,
    )


@pytest.mark.parametrize("status", [CaseStatus.CONSULTED, CaseStatus.REFERRED])
def test_a_review_records_risk_progress_and_the_next_due_date(status: CaseStatus) -> None:
    case = case_in(status)
    goal = case.goals[0].id

    _review(case, progress=[(goal, "Two of three shots given")], note="Family cooperates")

    (recorded,) = case.collect_events()
    assert isinstance(recorded, events.ReviewRecorded)
    assert case.status is status
    assert (case.last_reviewed_on, case.risk_level) == (REVIEWED_ON, RiskLevel.MEDIUM)
    assert case.next_review_due == date(2026, 9, 30)
    assert [(n.text, n.actor) for n in case.goals[0].notes] == [("Two of three shots given", ACTOR)]


@pytest.mark.parametrize("status", [s for s in CaseStatus if s not in REVIEWABLE])
def test_a_review_is_refused_before_the_consultation_and_on_a_closed_case(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    with pytest.raises(InvalidTransition):
        _review(case)
    assert case.collect_events() == []


def test_an_erased_case_is_not_reviewed() -> None:
    case = case_in(CaseStatus.CONSULTED)
    case.erase_child_data(legal_reason="Court order 2026/77", actor="admin")

    with pytest.raises(CaseErased):
        _review(case)


def test_the_next_review_defaults_to_the_end_of_the_next_quarter() -> None:
    assert default_next_review(date(2026, 5, 8)) == date(2026, 9, 30)
    assert default_next_review(date(2026, 12, 31)) == date(2027, 3, 31)


def test_a_given_next_review_date_is_kept() -> None:
    case = case_in(CaseStatus.CONSULTED)

    _review(case, next_review_due=date(2026, 6, 1), risk_level=RiskLevel.HIGH)

    assert (case.next_review_due, case.risk_level) == (date(2026, 6, 1), RiskLevel.HIGH)


BAD_REVIEWS = [
    ({"next_review_due": REVIEWED_ON}, ("next_review_due",)),
    ({"next_review_due": date(2026, 1, 1)}, ("next_review_due",)),
    ({"reviewed_on": date(2026, 5, 11)}, ("reviewed_on",)),
    ({"reviewed_on": date(1999, 5, 11)}, ("reviewed_on",)),
    ({"progress": [("no-such-goal", "Done")]}, ("progress", "0", "goal_id")),
    ({"progress": "twice"}, ("progress", "1", "goal_id")),
    ({"progress": "blank"}, ("progress", "0", "note")),
]


@pytest.mark.parametrize(("given", "field"), BAD_REVIEWS)
def test_bad_reviews_are_refused_with_the_field_at_fault(
    given: dict[str, Any], field: tuple[str, ...]
) -> None:
    case = case_in(CaseStatus.CONSULTED)
    goal = case.goals[0].id
    if given.get("progress") == "twice":
        given = {"progress": [(goal, "One"), (goal, "Two")]}
    elif given.get("progress") == "blank":
        given = {"progress": [(goal, "  ")]}

    with pytest.raises(InvalidInput) as refused:
        _review(case, **given)

    assert tuple(refused.value.field) == field
    assert case.collect_events() == []


def test_a_saved_review_s_notes_are_sealed_at_rest_and_erased_with_the_child() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(case_id, lambda case: visit(case))
    app.change_case(
        case_id,
        lambda case: case.record_consultation(
            needs=some_needs(), plan=a_plan(), note="", actor=ACTOR
        ),
    )
    goal = read_case(app, case_id).goals[0].id
    app.change_case(
        case_id,
        lambda case: _review(case, progress=[(goal, "Aziza was brave")], note="Aziza smiles"),
    )

    recorder: Any = app.recorder
    stored = b"".join(bytes(e.state) for e in recorder.select_events(case_id))
    for personal in ("Aziza was brave", "Aziza smiles"):
        assert personal.encode() not in stored
    assert b"MEDIUM" in stored

    app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")
    case = read_case(app, case_id)
    assert [n.text for n in case.goals[0].notes] == [ERASED]
    assert case.risk_level is RiskLevel.MEDIUM
    assert app.history(case_id)[-2].data["note"] == ERASED


def _remind(case: Case, today: date) -> bool:
    return case.remind_review_overdue(today=today, supervisor_after_days=14, actor="scheduler")


def test_an_overdue_review_reminds_the_caseworker_then_the_supervisor_once_each() -> None:
    case = case_in(CaseStatus.CONSULTED)
    case.assign(caseworker="cw.aziza", reason="", actor=ACTOR)
    _review(case, next_review_due=date(2026, 6, 1))
    case.collect_events()

    assert not _remind(case, date(2026, 6, 1))
    assert _remind(case, date(2026, 6, 2))
    assert not _remind(case, date(2026, 6, 3))
    assert _remind(case, date(2026, 6, 20))
    assert not _remind(case, date(2026, 6, 21))

    reminders = case.collect_events()
    assert [(e.level.value, e.days_overdue) for e in reminders] == [  # type: ignore[attr-defined]
        ("CASEWORKER", 1),
        ("SUPERVISOR", 19),
    ]
    assert all(isinstance(e, events.ReviewOverdue) for e in reminders)


@pytest.mark.parametrize("status", list(CaseStatus))
def test_only_a_consulted_or_referred_case_with_a_review_due_is_reminded(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    assert not _remind(case, date(2030, 1, 1))
    assert case.collect_events() == []


def test_a_case_reviewed_again_is_reminded_of_its_new_due_date_only() -> None:
    case = case_in(CaseStatus.REFERRED)
    _review(case, next_review_due=date(2026, 6, 1))
    assert _remind(case, date(2026, 6, 2))  # no caseworker: the supervisor at once
    case.record_review(
        reviewed_on=date(2026, 6, 2),
        risk_level=RiskLevel.LOW,
        actor=ACTOR,
        now=datetime(2026, 6, 2, 9, tzinfo=UTC),
    )

    assert not _remind(case, date(2026, 6, 3))
    assert _remind(case, date(2026, 10, 1))
