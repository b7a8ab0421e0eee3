"""An overdue home visit reminds the caseworker, then the supervisor, once each."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.planning import QuarterPlanner
from baxt.application.reminders import OverdueReminders
from baxt.application.roster import parse_roster, save_roster
from baxt.bootstrap import event_store_env
from baxt.domain.quarter import Quarter
from baxt.domain.values import FlagSource, Visit
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.workers.notifier import notifier_runner
from tests.factories import child, household
from tests.integration.conftest import CASE_KEY

ROSTER = Path(__file__).with_name("roster.csv")
QUARTER = Quarter(2026, 4)
DUE = QUARTER.last_day
IN_THE_QUARTER = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def planned(fresh_database_url: str) -> Iterator[tuple[str, CaseApplication, list[UUID]]]:
    """Three open cases in Bunyodkor, planned for the quarter; the first child already seen."""
    url = fresh_database_url
    apply_migrations(url)
    with ROSTER.open(encoding="utf-8") as roster:
        save_roster(url, parse_roster(roster)[0])
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY)
    case_ids = [
        app.flag_child(
            child=child(),
            household=household(mahalla="Bunyodkor"),
            source=FlagSource.SOCIAL_REGISTRY,
            indicators=[],
            note="",
            actor="registry",
        ).case_id
        for _ in range(3)
    ]
    app.change_case(
        case_ids[0],
        lambda case: case.record_visit(
            visit=Visit(IN_THE_QUARTER, True, True, "", False), actor="cw", now=app.now()
        ),
    )
    catch_up_case_summary(event_store_env(url))
    QuarterPlanner(app, url).plan(QUARTER)
    catch_up_case_summary(event_store_env(url))
    yield url, app, case_ids
    app.close()


def _remind(url: str, app: CaseApplication, day: date) -> tuple[int, int]:
    report = OverdueReminders(app, url, supervisor_after_days=14).run(day)
    catch_up_case_summary(event_store_env(url))
    return report.overdue, report.reminded


def _messages(url: str, app: CaseApplication) -> list[tuple[str, str, str]]:
    with notifier_runner(event_store_env(url)) as runner:
        runner.wait(app.recorder.max_notification_id(), timeout=60)
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT kind, recipient, channel FROM notification ORDER BY recipient, channel"
        ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def test_nothing_is_overdue_on_the_due_date(
    planned: tuple[str, CaseApplication, list[UUID]],
) -> None:
    url, app, _ = planned
    assert _remind(url, app, DUE) == (0, 0)


def test_the_caseworker_is_reminded_once_and_the_seen_child_not_at_all(
    planned: tuple[str, CaseApplication, list[UUID]],
) -> None:
    url, app, case_ids = planned

    assert _remind(url, app, DUE + timedelta(days=1)) == (2, 2)
    assert _remind(url, app, DUE + timedelta(days=2)) == (2, 0), "a second day adds nothing"

    assert [e.type for e in app.history(case_ids[0])][-1] != "VisitOverdue"
    overdue = app.history(case_ids[1])[-1]
    assert (overdue.type, overdue.data["level"], overdue.data["caseworker"]) == (
        "VisitOverdue",
        "CASEWORKER",
        "cw.aziza",
    )
    assert _messages(url, app) == [
        ("VISIT_OVERDUE", "cw.aziza", channel)
        for channel in ("EMAIL", "IN_APP", "SMS")
        for _ in range(2)
    ]


def test_further_overdue_it_goes_to_the_supervisor_once(
    planned: tuple[str, CaseApplication, list[UUID]],
) -> None:
    url, app, case_ids = planned
    _remind(url, app, DUE + timedelta(days=1))

    assert _remind(url, app, DUE + timedelta(days=14)) == (2, 2)
    assert _remind(url, app, DUE + timedelta(days=20)) == (0, 0), "nothing left to remind"

    levels = [e.data["level"] for e in app.history(case_ids[2]) if e.type == "VisitOverdue"]
    assert levels == ["CASEWORKER", "SUPERVISOR"]
    to_supervisor = [m for m in _messages(url, app) if m[1] == "sup.chilonzor"]
    assert len(to_supervisor) == 2 * 3, "two cases, by email, SMS and in the app"


def test_the_quarter_plan_counts_due_done_and_overdue(
    planned: tuple[str, CaseApplication, list[UUID]],
) -> None:
    url, app, case_ids = planned
    app.change_case(
        case_ids[1],
        lambda case: case.record_visit(
            visit=Visit(IN_THE_QUARTER, True, True, "", False), actor="cw", now=app.now()
        ),
    )
    _remind(url, app, DUE + timedelta(days=1))

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT case_id, seen_on IS NOT NULL, overdue_level FROM quarter_visit"
            " WHERE quarter = %s",
            (str(QUARTER),),
        ).fetchall()
    assert sorted((r[1], r[2]) for r in rows) == [
        (False, "CASEWORKER"),
        (True, None),
        (True, None),
    ], "the visit before planning and the one after both count as done"
