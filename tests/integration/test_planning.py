"""Each quarter, every open case gets a planned visit and a caseworker, and only once."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID

import dramatiq
import psycopg
import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.planning import PlanReport, QuarterPlanner
from baxt.application.roster import parse_roster, save_roster
from baxt.bootstrap import event_store_env
from baxt.domain.quarter import Quarter
from baxt.domain.values import CloseReason, FlagSource
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.workers.jobs import PLAN_QUARTER, declare_scheduled_actor, scheduled_sender
from tests.factories import child, household
from tests.integration.conftest import CASE_KEY

ROSTER = Path(__file__).with_name("roster.csv")
EXTRA_CASEWORKER = (
    "user_id,full_name,role,email,phone,language,region,district,mahallas,capacity\n",
    "cw.bobur,Bobur Aliyev,CASEWORKER,,,uz-Latn,Toshkent shahri,Chilonzor,Bunyodkor,2\n",
    "cw.lola,Lola Saidova,CASEWORKER,,,uz-Latn,Toshkent shahri,Chilonzor,Minor,1\n",
)


@pytest.fixture
def planned_db(fresh_database_url: str) -> Iterator[tuple[str, CaseApplication]]:
    apply_migrations(fresh_database_url)
    with ROSTER.open(encoding="utf-8") as roster:
        members, _ = parse_roster(roster)
    extra, _ = parse_roster(EXTRA_CASEWORKER)
    save_roster(fresh_database_url, members + extra)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    yield fresh_database_url, app
    app.close()


def _flag(app: CaseApplication, mahalla: str) -> UUID:
    return app.flag_child(
        child=child(),
        household=household(mahalla=mahalla),
        source=FlagSource.SOCIAL_REGISTRY,
        indicators=[],
        note="",
        actor="registry",
    ).case_id


def _summary(url: str) -> list[tuple[str, str | None, date | None, str | None]]:
    catch_up_case_summary(event_store_env(url))
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT status, caseworker, visit_due_on, planned_quarter FROM case_summary"
            " ORDER BY flagged_at"
        ).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def test_every_open_case_is_planned_by_the_quarters_end_and_assigned_within_capacity(
    planned_db: tuple[str, CaseApplication],
) -> None:
    url, app = planned_db
    in_bunyodkor = [_flag(app, "Bunyodkor") for _ in range(4)]
    _flag(app, "Qatortol")
    _flag(app, "Nowhere covered")
    app.change_case(
        in_bunyodkor[0], lambda case: case.close(reason=CloseReason.MOVED, note="", actor="a")
    )
    catch_up_case_summary(event_store_env(url))

    report = QuarterPlanner(app, url, batch_size=2).plan(Quarter(2027, 1))

    assert (report.open_cases, report.planned, report.assigned, report.unassigned) == (5, 5, 4, 1)
    rows = _summary(url)
    open_rows = [r for r in rows if r[0] != "CLOSED"]
    assert {r[2] for r in open_rows} == {date(2027, 3, 31)}
    assert {r[3] for r in open_rows} == {"2027-Q1"}
    load = Counter(r[1] for r in open_rows)
    assert load == {"cw.aziza": 3, "cw.bobur": 1, None: 1}, "shared by load over capacity"
    assert rows[0][1:] == (None, None, None)


def test_planning_a_quarter_twice_plans_and_assigns_nothing_twice(
    planned_db: tuple[str, CaseApplication],
) -> None:
    url, app = planned_db
    case_ids = [_flag(app, "Bunyodkor") for _ in range(3)]
    catch_up_case_summary(event_store_env(url))
    planner = QuarterPlanner(app, url)

    first = planner.plan(Quarter(2027, 1))
    events_after_first = sum(len(app.history(c)) for c in case_ids)
    second = planner.plan(Quarter(2027, 1))

    assert (first.planned, first.assigned) == (3, 3)
    assert (second.planned, second.assigned) == (0, 0)
    assert sum(len(app.history(c)) for c in case_ids) == events_after_first
    types = [e.type for e in app.history(case_ids[0])]
    assert types == ["Flagged", "VisitPlanned", "Assigned"]


def test_the_next_quarter_plans_again_and_keeps_the_caseworker(
    planned_db: tuple[str, CaseApplication],
) -> None:
    url, app = planned_db
    case_id = _flag(app, "Qatortol")
    catch_up_case_summary(event_store_env(url))
    planner = QuarterPlanner(app, url)

    planner.plan(Quarter(2027, 1))
    report = planner.plan(Quarter(2027, 2))

    assert (report.planned, report.assigned) == (1, 0)
    assert _summary(url) == [("FLAGGED", "cw.aziza", date(2027, 6, 30), "2027-Q2")]
    assert [e.type for e in app.history(case_id)][-1] == "VisitPlanned"


def test_a_caseworker_at_capacity_is_given_no_more_cases(
    planned_db: tuple[str, CaseApplication],
) -> None:
    url, app = planned_db
    for _ in range(3):
        _flag(app, "Minor")
    catch_up_case_summary(event_store_env(url))

    report = QuarterPlanner(app, url).plan(Quarter(2027, 1))

    assert (report.planned, report.assigned, report.unassigned) == (3, 1, 2)
    assert Counter(r[1] for r in _summary(url)) == {"cw.lola": 1, None: 2}


def test_the_quarterly_message_plans_through_rabbitmq_and_a_second_copy_adds_nothing(
    planned_db: tuple[str, CaseApplication], rabbitmq: tuple[dramatiq.Broker, str]
) -> None:
    url, app = planned_db
    case_ids = [_flag(app, "Bunyodkor") for _ in range(2)]
    catch_up_case_summary(event_store_env(url))
    broker, queue = rabbitmq
    planner = QuarterPlanner(app, url)
    reports: list[PlanReport] = []
    actor = declare_scheduled_actor(
        broker,
        PLAN_QUARTER,
        lambda q: reports.append(planner.plan(Quarter.parse(q))),
        queue_name=queue,
    )
    send = scheduled_sender(actor)

    send("2027-Q1")
    send("2027-Q1")
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    worker.start()
    try:
        deadline = time.monotonic() + 60
        while len(reports) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.stop()

    assert sorted((r.planned, r.assigned) for r in reports) == [(0, 0), (2, 2)]
    assert [e.type for e in app.history(case_ids[0])] == ["Flagged", "VisitPlanned", "Assigned"]
