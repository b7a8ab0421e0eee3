"""The individual work plan kept up: a consultation's goals, and `revise_work_plan`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any
from uuid import UUID

import pytest

from baxt.application.audit.as_of import case_summary_as_of
from baxt.domain.case import Case, events
from baxt.domain.errors import CaseErased, InvalidInput, InvalidTransition, WorkPlanRequired
from baxt.domain.personal_data import ERASED
from baxt.domain.values import CaseStatus, GoalChange, GoalStatus, PlanItem
from baxt.domain.work_plan import goal_id
from tests.clock import Clock, events_stamped_by
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

REASON = "Quarterly review with the family"
SPEECH = PlanItem("Speech therapy twice a week", "SPEECH_THERAPY", date(2026, 9, 30))
REVISABLE = {CaseStatus.CONSULTED, CaseStatus.REFERRED}


def _revise(case: Case, **given: Any) -> list[str]:
    return case.revise_work_plan(reason=given.pop("reason", REASON), actor=ACTOR, **given)


def _note(case: Case, *, goal: str, text: str) -> list[str]:
    return _revise(case, change=[GoalChange(goal, note=text)])


def _first_goal(case: Case) -> str:
    return case.goals[0].id


def test_a_consultation_s_plan_items_are_its_open_goals_with_ids_from_the_case() -> None:
    case = case_in(CaseStatus.CONSULTED)

    (goal,) = case.goals
    assert goal.id == goal_id(case.id, 1)
    assert (goal.text, goal.service_category, goal.status) == (
        "Vaccinations brought up to date",
        "HEALTH_CLINIC",
        GoalStatus.OPEN,
    )
    assert goal.notes == ()


def test_an_old_consultation_replayed_gives_the_same_goal_ids_every_time() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(case_id, lambda case: visit(case))
    plan = [*a_plan(), SPEECH]
    app.change_case(
        case_id,
        lambda case: case.record_consultation(needs=some_needs(), plan=plan, note="", actor=ACTOR),
    )

    first, again = read_case(app, case_id), read_case(app, case_id)
    assert [g.id for g in first.goals] == [g.id for g in again.goals]
    assert [g.id for g in first.goals] == [goal_id(case_id, 1), goal_id(case_id, 2)]
    assert goal_id(UUID(int=7), 1) == "fd1d55ef-6ae6-3cab-9a85-df3d89d0957c"


@pytest.mark.parametrize("status", [CaseStatus.CONSULTED, CaseStatus.REFERRED])
def test_a_revision_adds_goals_open_after_the_plan_s_own(status: CaseStatus) -> None:
    case = case_in(status)

    added = _revise(case, add=[SPEECH])

    assert added == [goal_id(case.id, 2)]
    assert [g.status for g in case.goals] == [GoalStatus.OPEN, GoalStatus.OPEN]
    assert case.goals[1].text == SPEECH.goal
    (event,) = case.collect_events()
    assert isinstance(event, events.WorkPlanRevised)
    assert (event.reason, event.actor) == (REASON, ACTOR)


@pytest.mark.parametrize("status", [s for s in CaseStatus if s not in REVISABLE])
def test_a_plan_is_not_revised_before_a_consultation_nor_on_a_closed_case(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    with pytest.raises(InvalidTransition):
        _revise(case, add=[SPEECH])
    assert case.collect_events() == []


def test_an_erased_case_s_plan_is_not_revised() -> None:
    case = case_in(CaseStatus.CONSULTED)
    case.erase_child_data(legal_reason="Court order 2026/77", actor="admin")

    with pytest.raises(CaseErased):
        _revise(case, add=[SPEECH])


def test_a_revision_changes_a_goal_s_text_category_due_date_and_status() -> None:
    case = case_in(CaseStatus.CONSULTED)
    change = GoalChange(
        _first_goal(case),
        text="All vaccinations done",
        service_category="INTEGRATED_CASE_MANAGEMENT",
        due_on=date(2026, 12, 31),
        status=GoalStatus.ACHIEVED,
    )

    _revise(case, change=[change])

    (goal,) = case.goals
    assert (goal.id, goal.text, goal.service_category, goal.due_on, goal.status) == (
        change.goal_id,
        "All vaccinations done",
        "INTEGRATED_CASE_MANAGEMENT",
        date(2026, 12, 31),
        GoalStatus.ACHIEVED,
    )


def test_a_goal_is_dropped_by_its_status_and_stays_in_the_plan() -> None:
    case = case_in(CaseStatus.REFERRED)

    _revise(case, change=[GoalChange(_first_goal(case), status=GoalStatus.DROPPED)])

    assert [g.status for g in case.goals] == [GoalStatus.DROPPED]


def test_progress_notes_pile_up_on_a_goal_dated_and_signed() -> None:
    app = an_application()
    clock = Clock(NOW)
    with events_stamped_by(clock):
        case_id = flag_child(app).case_id
        app.change_case(case_id, lambda case: visit(case))
        app.change_case(
            case_id,
            lambda case: case.record_consultation(
                needs=some_needs(), plan=a_plan(), note="", actor=ACTOR
            ),
        )
        goal = goal_id(case_id, 1)
        for text in ("First shots given", "Second shots given"):
            clock.now += timedelta(days=7)
            app.change_case(case_id, partial(_note, goal=goal, text=text))

    (kept,) = read_case(app, case_id).goals
    assert [(n.text, n.noted_at, n.actor) for n in kept.notes] == [
        ("First shots given", NOW + timedelta(days=7), ACTOR),
        ("Second shots given", NOW + timedelta(days=14), ACTOR),
    ]
    assert kept.status is GoalStatus.OPEN


def test_the_plan_as_of_a_moment_is_the_plan_its_revisions_had_made_by_then() -> None:
    app = an_application()
    clock = Clock(NOW)
    with events_stamped_by(clock):
        case_id = flag_child(app).case_id
        app.change_case(case_id, lambda case: visit(case))
        app.change_case(
            case_id,
            lambda case: case.record_consultation(
                needs=some_needs(), plan=a_plan(), note="", actor=ACTOR
            ),
        )
        clock.now += timedelta(days=30)
        app.change_case(case_id, lambda case: _revise(case, add=[SPEECH]))
        clock.now += timedelta(days=30)
        app.change_case(
            case_id,
            lambda case: _revise(
                case, change=[GoalChange(goal_id(case_id, 1), status=GoalStatus.ACHIEVED)]
            ),
        )

    def plan_at(days: int) -> list[tuple[str, GoalStatus]]:
        row = case_summary_as_of(app, case_id, at=NOW + timedelta(days=days))
        assert row is not None
        return [(g.text, g.status) for g in row.goals]

    vaccinations = a_plan()[0].goal
    assert plan_at(1) == [(vaccinations, GoalStatus.OPEN)]
    assert plan_at(31) == [(vaccinations, GoalStatus.OPEN), (SPEECH.goal, GoalStatus.OPEN)]
    assert plan_at(61) == [
        (vaccinations, GoalStatus.ACHIEVED),
        (SPEECH.goal, GoalStatus.OPEN),
    ]


DAY_CARE = "DAY_CARE"
BAD_REVISIONS: list[tuple[Callable[[str], dict[str, Any]], tuple[str, ...]]] = [
    (lambda first: {"reason": "", "add": [SPEECH]}, ("reason",)),
    (lambda first: {}, ()),
    (lambda first: {"add": [PlanItem("", DAY_CARE, date(2026, 9, 1))]}, ("add", "0", "goal")),
    (
        lambda first: {"add": [PlanItem("Care", "ASTROLOGY", date(2026, 9, 1))]},
        ("add", "0", "service_category"),
    ),
    (
        lambda first: {"add": [PlanItem("Care", DAY_CARE, date(1990, 1, 1))]},
        ("add", "0", "due_on"),
    ),
    (
        lambda first: {"change": [GoalChange("no-such-goal", note="x")]},
        ("change", "0", "goal_id"),
    ),
    (lambda first: {"change": [GoalChange(first)]}, ("change", "0")),
    (lambda first: {"change": [GoalChange(first, text="")]}, ("change", "0", "text")),
    (lambda first: {"change": [GoalChange(first, note="")]}, ("change", "0", "note")),
    (
        lambda first: {"change": [GoalChange(first, service_category="NOPE")]},
        ("change", "0", "service_category"),
    ),
    (
        lambda first: {"change": [GoalChange(first, note="a"), GoalChange(first, note="b")]},
        ("change", "1", "goal_id"),
    ),
]


@pytest.mark.parametrize(("given", "field"), BAD_REVISIONS)
def test_bad_revisions_are_refused_with_the_field_at_fault(
    given: Callable[[str], dict[str, Any]], field: tuple[str, ...]
) -> None:
    case = case_in(CaseStatus.CONSULTED)

    with pytest.raises(InvalidInput) as refused:
        _revise(case, **given(_first_goal(case)))

    assert type(refused.value) is InvalidInput
    assert tuple(refused.value.field) == field
    assert case.collect_events() == []


def test_a_saved_revision_is_sealed_at_rest_and_erased_with_the_child() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(case_id, lambda case: visit(case))
    app.change_case(
        case_id,
        lambda case: case.record_consultation(
            needs=some_needs(), plan=a_plan(), note="", actor=ACTOR
        ),
    )
    change = GoalChange(goal_id(case_id, 1), text="Shots for Aziza", note="Aziza was brave")
    app.change_case(case_id, lambda case: _revise(case, add=[SPEECH], change=[change]))

    recorder: Any = app.recorder
    stored = b"".join(bytes(e.state) for e in recorder.select_events(case_id))
    for personal in (a_plan()[0].goal, SPEECH.goal, "Shots for Aziza", "Aziza was brave", REASON):
        assert personal.encode() not in stored
    assert b"SPEECH_THERAPY" in stored  # categories, dates and statuses are not personal data

    app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")
    goals = read_case(app, case_id).goals
    assert [g.text for g in goals] == [ERASED, ERASED]
    assert [n.text for n in goals[0].notes] == [ERASED]
    assert app.history(case_id)[-2].data["reason"] == ERASED


def test_a_consultation_without_a_plan_is_refused_and_records_nothing() -> None:
    case = case_in(CaseStatus.VISITED)

    with pytest.raises(WorkPlanRequired) as refused:
        case.record_consultation(needs=some_needs(), plan=[], note="", actor=ACTOR)

    assert refused.value.code == "WORK_PLAN_REQUIRED"
    assert tuple(refused.value.field) == ("plan",)
    assert case.collect_events() == []
    assert case.status is CaseStatus.VISITED


def test_an_old_consultation_stored_without_a_plan_still_replays() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(case_id, lambda case: visit(case))
    app.change_case(
        case_id,
        lambda case: case.trigger_event(
            events.Consulted, needs=tuple(some_needs()), plan=(), note="", actor=ACTOR
        ),
    )

    case = read_case(app, case_id)
    assert case.status is CaseStatus.CONSULTED
    assert case.goals == ()
