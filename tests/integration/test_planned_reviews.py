"""The quarter's planner plans reviews beside visits, on the real PostgreSQL: over a case in
every status, whatever it plans can be done, nothing is reminded that could not be, and a
consulted case never reviewed is reminded of its review as an overdue visit is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from uuid import UUID

import psycopg
import pytest

from baxt.application.audit.as_of import case_summary_as_of
from baxt.application.cases.application import CaseApplication
from baxt.application.planning import QuarterPlanner
from baxt.application.reminders import OverdueReminders
from baxt.application.roster import parse_roster, save_roster
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter
from baxt.domain.values import (
    CloseReason,
    ContactOutcome,
    FlagSource,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    RiskLevel,
    Visit,
)
from baxt.migrations import apply_migrations
from baxt.projections import rebuild
from baxt.projections.catch_up import catch_up_case_summary
from tests.factories import child, hours_ago, household
from tests.integration.conftest import CASE_KEY
from tests.integration.test_reminders import ROSTER, _messages

Step = Callable[[Case], None]
QUARTER = Quarter.containing(hours_ago(0))
DUE = QUARTER.last_day
PLAN = [PlanItem("Vaccinations brought up to date", "HEALTH_CLINIC", DUE + timedelta(days=90))]


@pytest.fixture
def staffed(fresh_database_url: str) -> Iterator[tuple[str, CaseApplication]]:
    """A migrated database with the roster: cw.aziza and sup.chilonzor hear of Bunyodkor."""
    apply_migrations(fresh_database_url)
    with ROSTER.open(encoding="utf-8") as roster:
        save_roster(fresh_database_url, parse_roster(roster)[0])
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    yield fresh_database_url, app
    app.close()


def _contact(case: Case) -> None:
    case.record_contact_attempt(
        outcome=ContactOutcome.REACHED,
        visit_scheduled_at=hours_ago(-24),
        note="",
        actor="cw",
        now=hours_ago(0),
    )


def _visit(case: Case) -> None:
    case.record_visit(
        visit=Visit(hours_ago(2), True, True, "", False), actor="cw", now=hours_ago(0)
    )


def _consult(case: Case) -> None:
    needs = [Need(NeedDomain.HEALTH, NeedLevel.HIGH, "")]
    case.record_consultation(needs=needs, plan=PLAN, note="", actor="cw")


def _refer(case: Case) -> None:
    case.refer(
        service_category="HEALTH_CLINIC",
        provider="Polyclinic No. 12",
        reason="Vaccinations are overdue",
        consent_given=True,
        actor="cw",
    )


def _review_overdue_yesterday(case: Case) -> None:
    case.record_review(
        reviewed_on=hours_ago(0).date() - timedelta(days=2),
        risk_level=RiskLevel.HIGH,
        next_review_due=hours_ago(0).date() - timedelta(days=1),
        actor="cw",
        now=hours_ago(0),
    )


def _close(case: Case) -> None:
    case.close(reason=CloseReason.MOVED, note="", actor="sup")


def _reopen(case: Case) -> None:
    case.reopen(reason="Flagged again", actor="sup", now=hours_ago(0))


STATUSES: dict[str, list[Step]] = {
    "flagged": [],
    "contacted": [_contact],
    "visited": [_visit],
    "consulted": [_visit, _consult],
    "referred": [_visit, _consult, _refer],
    "closed": [_close],
    "reopened": [_close, _reopen],
    "reopened and consulted again": [
        _visit,
        _consult,
        _review_overdue_yesterday,
        _close,
        _reopen,
        _visit,
        _consult,
    ],
}


def _case(app: CaseApplication, steps: list[Step]) -> UUID:
    case_id = app.flag_child(
        child=child(),
        household=household(mahalla="Bunyodkor"),
        source=FlagSource.SOCIAL_REGISTRY,
        indicators=[],
        note="",
        actor="registry",
    ).case_id
    for step in steps:
        app.change_case(case_id, step)
    return case_id


def _plan(url: str, app: CaseApplication) -> int:
    catch_up_case_summary(event_store_env(url))
    report = QuarterPlanner(app, url).plan(QUARTER)
    catch_up_case_summary(event_store_env(url))
    return report.reviews_planned


def _remind(url: str, app: CaseApplication, day: date) -> tuple[int, int]:
    report = OverdueReminders(app, url, supervisor_after_days=14).run(day)
    catch_up_case_summary(event_store_env(url))
    return report.reminded, report.reviews_reminded


def _types(app: CaseApplication, case_id: UUID) -> list[str]:
    return [e.type for e in app.history(case_id)]


def _planned_reviews(url: str) -> dict[UUID, date | None]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT case_id, next_review_due FROM case_summary").fetchall()
    return {row[0]: row[1] for row in rows}


def test_every_visit_and_review_the_planner_plans_can_be_done_and_nothing_else_is_reminded(
    staffed: tuple[str, CaseApplication],
) -> None:
    url, app = staffed
    cases = {name: _case(app, steps) for name, steps in STATUSES.items()}

    assert _plan(url, app) == 3

    reviewed = {name for name, case_id in cases.items() if "ReviewPlanned" in _types(app, case_id)}
    assert reviewed == {"consulted", "referred", "reopened and consulted again"}
    visited = {name for name, case_id in cases.items() if "VisitPlanned" in _types(app, case_id)}
    assert visited == set(STATUSES) - {"closed"}
    due = _planned_reviews(url)
    assert {name for name in cases if due[cases[name]] == DUE} == reviewed
    for name in reviewed:
        app.change_case(
            cases[name],
            lambda case: case.record_review(
                reviewed_on=hours_ago(0).date(),
                risk_level=RiskLevel.LOW,
                actor="cw",
                now=hours_ago(0),
            ),
        )
    for name in visited:  # last, so that the notifier follows the store's last event
        app.change_case(cases[name], _visit)
    catch_up_case_summary(event_store_env(url))

    assert _remind(url, app, DUE + timedelta(days=1)) == (0, 0)
    assert _remind(url, app, DUE + timedelta(days=14)) == (0, 0)
    assert not [m for m in _messages(url, app) if m[0] in ("VISIT_OVERDUE", "REVIEW_OVERDUE")]
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


def test_a_consulted_case_never_reviewed_is_reminded_then_escalated_as_a_visit_is(
    staffed: tuple[str, CaseApplication],
) -> None:
    url, app = staffed
    case_id = _case(app, [_visit, _consult])
    app.change_case(
        case_id, lambda case: case.assign(caseworker="cw.aziza", reason="", actor="sup")
    )

    assert _plan(url, app) == 1
    assert _plan(url, app) == 0, "a review due already is not planned again"
    (planned,) = [e for e in app.history(case_id) if e.type == "ReviewPlanned"]
    assert (planned.data["quarter"], planned.data["due_on"], planned.actor) == (
        str(QUARTER),
        DUE.isoformat(),
        "scheduler",
    )
    before = case_summary_as_of(app, case_id, version=planned.sequence - 1)
    as_planned = case_summary_as_of(app, case_id, version=planned.sequence)
    assert before is not None
    assert before.next_review_due is None
    assert as_planned is not None
    assert as_planned.next_review_due == DUE
    assert _remind(url, app, DUE)[1] == 0
    assert _remind(url, app, DUE + timedelta(days=1))[1] == 1
    assert _remind(url, app, DUE + timedelta(days=2))[1] == 0, "a second day adds nothing"
    assert _remind(url, app, DUE + timedelta(days=14))[1] == 1

    overdue = [e.data for e in app.history(case_id) if e.type == "ReviewOverdue"]
    assert [(d["due_on"], d["level"]) for d in overdue] == [
        (DUE.isoformat(), "CASEWORKER"),
        (DUE.isoformat(), "SUPERVISOR"),
    ]
    reminded = [m[1] for m in _messages(url, app) if m[0] == "REVIEW_OVERDUE"]
    assert set(reminded) == {"cw.aziza", "sup.chilonzor"}
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()
