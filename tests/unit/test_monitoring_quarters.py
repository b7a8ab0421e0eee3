"""The rule of quarters: each step counts in the quarter it happened in, once per child."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from baxt.domain.case import Case
from baxt.domain.quarter import Quarter
from baxt.domain.values import ContactOutcome, OverdueLevel
from baxt.projections.monitoring_statements import monitoring_statements, quarter_of
from tests.clock import Clock, events_stamped_by
from tests.unit.helpers import ACTOR, a_visit, flagged_case

FLAGGED = datetime(2026, 6, 20, 6, 0, tzinfo=UTC)
NEXT_QUARTER = datetime(2026, 7, 3, 6, 0, tzinfo=UTC)
LAST_EVENING = datetime(2026, 6, 30, 19, 30, tzinfo=UTC)  # 1 July, 00:30 in Tashkent


def _marked(case: Case) -> list[tuple[str, str]]:
    """Each event's quarter and the columns its statements set, in order."""
    marks = []
    for event in case.collect_events():
        for statement, params in monitoring_statements(event):
            if "= true" in statement and "monitoring_facts" in statement:
                column = statement.split("SET", 1)[1].split("=", 1)[0].strip()
                marks.append((str(params["quarter"]), column))
    return marks


def _call(case: Case, outcome: ContactOutcome) -> None:
    agreed = NEXT_QUARTER + timedelta(days=2) if outcome is ContactOutcome.REACHED else None
    case.record_contact_attempt(outcome=outcome, visit_scheduled_at=agreed, note="", actor=ACTOR)


def test_a_child_flagged_in_one_quarter_and_reached_in_the_next_counts_there() -> None:
    clock = Clock(FLAGGED)
    with events_stamped_by(clock):
        case = flagged_case(now=FLAGGED)
        clock.now = NEXT_QUARTER
        _call(case, ContactOutcome.NO_ANSWER)
        _call(case, ContactOutcome.REACHED)

    assert _marked(case) == [
        ("2026-Q2", "flagged_new"),
        ("2026-Q3", "failed_call"),
        ("2026-Q3", "contacted"),
    ]


def test_a_visit_counts_in_the_quarter_it_was_made_in_though_recorded_later() -> None:
    clock = Clock(FLAGGED)
    with events_stamped_by(clock):
        case = flagged_case(now=FLAGGED)
        clock.now = NEXT_QUARTER
        visit = a_visit(at=NEXT_QUARTER - timedelta(days=10))
        case.record_visit(visit=visit, actor=ACTOR, now=NEXT_QUARTER)

    marked = _marked(case)
    assert ("2026-Q2", "visited") in marked
    assert ("2026-Q2", "child_seen") in marked


def test_the_quarter_follows_the_tashkent_calendar() -> None:
    clock = Clock(LAST_EVENING)
    with events_stamped_by(clock):
        case = flagged_case(now=LAST_EVENING)

    assert _marked(case) == [("2026-Q3", "flagged_new")]


def test_an_overdue_visit_counts_in_the_quarter_it_was_due_in() -> None:
    clock = Clock(FLAGGED)
    with events_stamped_by(clock):
        case = flagged_case(now=FLAGGED)
        case.collect_events()
        clock.now = NEXT_QUARTER
        case.trigger_event(
            Case.VisitOverdue,
            quarter="2026-Q2",
            level=OverdueLevel.CASEWORKER,
            days_overdue=3,
            caseworker=None,
            actor="scheduler",
        )

    assert _marked(case) == [("2026-Q2", "visit_overdue")]


def test_a_moment_too_near_year_9999_for_tashkent_takes_the_quarter_of_its_own_date() -> None:
    west = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-12)))

    assert quarter_of(west) == Quarter(9999, 4)
