"""The quarter's planned visit can be recorded on a case in every open status, and once it saw
the child nobody is told it is overdue: not the caseworker, not the supervisor, not
`quarterPlan`. Without it, a case in every open status is reminded."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.view import case_view
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import CaseReadModel
from baxt.application.planning import QuarterPlanner
from baxt.application.reminders import OverdueReminders
from baxt.application.roster import parse_roster, save_roster
from baxt.application.workload import Place, QuarterPlanCounts, Workload
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter
from baxt.domain.values import (
    CaseStatus,
    ContactOutcome,
    FlagSource,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    Visit,
)
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.notifier import notifier_runner
from baxt.projections.rebuild import check
from tests.clock import Clock
from tests.factories import child, household
from tests.integration.conftest import CASE_KEY

ROSTER = Path(__file__).with_name("roster.csv")
FLAGGED, CONTACTED, VISITED, CONSULTED, REFERRED, CLOSED = CaseStatus
OPEN = (FLAGGED, CONTACTED, VISITED, CONSULTED, REFERRED)
QUARTER = Quarter(2026, 4)
DUE = QUARTER.last_day
BEFORE_THE_QUARTER = datetime(2026, 9, 10, 9, 0, tzinfo=UTC)
IN_THE_QUARTER = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
AFTER_DUE = (DUE + timedelta(days=1), DUE + timedelta(days=14), DUE + timedelta(days=30))
AUDITOR = case_view(Principal("tests", Role.AUDITOR))


@dataclass
class World:
    """A database with the roster, one case in each open status, its clock and its URL."""

    url: str
    app: CaseApplication
    clock: Clock
    cases: dict[CaseStatus, UUID]
    workload: Workload

    def catch_up(self) -> None:
        catch_up_case_summary(event_store_env(self.url))

    def visit_in_the_quarter(self, case_id: UUID) -> None:
        self.clock.now = IN_THE_QUARTER + timedelta(hours=2)
        seen = Visit(IN_THE_QUARTER, True, True, "Seen at home.", False)
        self.app.change_case(
            case_id, lambda case: case.record_visit(visit=seen, actor="cw.aziza", now=self.clock())
        )

    def remind(self) -> tuple[int, int]:
        overdue = reminded = 0
        for day in AFTER_DUE:
            report = OverdueReminders(self.app, self.url, supervisor_after_days=14).run(day)
            self.catch_up()
            overdue, reminded = overdue + report.overdue, reminded + report.reminded
        return overdue, reminded

    def overdue_events(self) -> list[tuple[UUID, str]]:
        return [
            (case_id, entry.data["level"])
            for case_id in self.cases.values()
            for entry in self.app.history(case_id)
            if entry.type == "VisitOverdue"
        ]

    def overdue_notifications(self) -> list[tuple[str, str]]:
        with notifier_runner(event_store_env(self.url)) as runner:
            runner.wait(self.app.recorder.max_notification_id(), timeout=60)
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT recipient, channel FROM notification WHERE kind = 'VISIT_OVERDUE'"
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    async def quarter_plan(self) -> QuarterPlanCounts:
        return await self.workload.quarter_plan(str(QUARTER), Place(), AFTER_DUE[-1], AUDITOR.scope)

    def follow_ups(self) -> dict[CaseStatus, int]:
        """Each case's follow-ups as `case_summary` counts them, by the status it began in."""
        with psycopg.connect(self.url) as conn:
            found = conn.execute("SELECT case_id, follow_ups FROM case_summary").fetchall()
        rows: dict[UUID, int] = {case_id: count for case_id, count in found}
        return {status: rows[case_id] for status, case_id in self.cases.items()}

    def status(self, case_id: UUID) -> CaseStatus:
        case: object = self.app.repository.get(case_id)
        assert isinstance(case, Case)
        return case.status


def _steps_to(status: CaseStatus, now: Callable[[], datetime]) -> list[Callable[[Case], Any]]:
    """The first-pass moves, all before the quarter, that bring a flagged case to `status`."""
    seen = Visit(BEFORE_THE_QUARTER, True, True, "", False)
    steps: list[Callable[[Case], Any]] = [
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=BEFORE_THE_QUARTER + timedelta(days=1),
            note="",
            actor="cw.aziza",
            now=now(),
        ),
        lambda case: case.record_visit(visit=seen, actor="cw.aziza", now=now()),
        lambda case: case.record_consultation(
            needs=[Need(NeedDomain.HEALTH, NeedLevel.HIGH, "")],
            plan=[PlanItem("Checkups", "HEALTH_CLINIC", date(2027, 3, 31))],
            note="",
            actor="cw.aziza",
        ),
        lambda case: case.refer(
            service_category="HEALTH_CLINIC",
            provider="Polyclinic No. 3",
            reason="checkups",
            consent_given=True,
            actor="cw.aziza",
        ),
    ]
    return steps[: OPEN.index(status)]


@pytest.fixture
async def world(fresh_database_url: str) -> AsyncIterator[World]:
    url = fresh_database_url
    apply_migrations(url)
    with ROSTER.open(encoding="utf-8") as roster:
        save_roster(url, parse_roster(roster)[0])
    clock = Clock(BEFORE_THE_QUARTER + timedelta(hours=1))
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY, clock=clock)
    cases = {status: _case_in(app, status) for status in OPEN}
    catch_up_case_summary(event_store_env(url))
    QuarterPlanner(app, url).plan(QUARTER)
    catch_up_case_summary(event_store_env(url))
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
    await pool.open()
    yield World(url, app, clock, cases, Workload(pool, CaseReadModel(pool)))
    await pool.close()
    app.close()


def _case_in(app: CaseApplication, status: CaseStatus) -> UUID:
    case_id = app.flag_child(
        child=child(),
        household=household(mahalla="Bunyodkor"),
        source=FlagSource.SOCIAL_REGISTRY,
        indicators=[],
        note="",
        actor="registry",
    ).case_id
    for step in _steps_to(status, app.now):
        app.change_case(case_id, step)
    return case_id


async def test_a_visit_that_saw_the_child_in_every_open_status_leaves_nothing_overdue(
    world: World,
) -> None:
    assert {world.status(case_id) for case_id in world.cases.values()} == set(OPEN)

    for case_id in world.cases.values():
        world.visit_in_the_quarter(case_id)
    world.catch_up()

    assert world.remind() == (0, 0)
    assert world.overdue_events() == []
    assert world.overdue_notifications() == []
    plan = await world.quarter_plan()
    assert (plan.due, plan.done, plan.overdue) == (len(OPEN), len(OPEN), 0)
    after = {status: world.status(case_id) for status, case_id in world.cases.items()}
    assert after == {
        FLAGGED: VISITED,
        CONTACTED: VISITED,
        VISITED: VISITED,
        CONSULTED: CONSULTED,
        REFERRED: REFERRED,
    }, "the visit moves the first pass on and follows the consulted cases up"
    assert world.follow_ups() == {FLAGGED: 0, CONTACTED: 0, VISITED: 0, CONSULTED: 1, REFERRED: 1}
    assert check(event_store_env(world.url), "case_summary").matches, "a rebuild gives the same"


async def test_without_the_quarter_s_visit_a_case_in_every_open_status_is_reminded(
    world: World,
) -> None:
    assert world.remind() == (2 * len(OPEN), 2 * len(OPEN))

    levels = sorted(world.overdue_events())
    assert levels == sorted(
        (case_id, level)
        for case_id in world.cases.values()
        for level in ("CASEWORKER", "SUPERVISOR")
    )
    recipients = {recipient for recipient, _ in world.overdue_notifications()}
    assert recipients == {"cw.aziza", "sup.chilonzor"}
    assert (await world.quarter_plan()).overdue == len(OPEN)
