"""The demo's five stories over two quarters: the first in the quarter before the clock's, the
second up to the clock, and a second load on the same day adds nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from baxt.application.access.principal import Role
from baxt.application.cases.application import CaseApplication
from baxt.cli.processes import demo_tokens
from baxt.devtools import second_quarter
from baxt.devtools.demo import ACTOR, load_demo, quarter_before, stories
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.values import CaseStatus, CloseReason, GoalStatus, RiskLevel
from baxt.http.local_issuer import LocalIssuer
from tests.unit.helpers import an_application

NOW = datetime(2026, 4, 1, 3, 0, tzinfo=UTC)


def _loaded(now: datetime = NOW) -> CaseApplication:
    app = an_application(now)
    assert load_demo(app, clock=app.now, report=lambda _: None) == 5
    return app


def _case(app: CaseApplication, title: str) -> Case:
    story = next(s for s in stories(NOW.date()) if s.title == title)
    case: Case = app.repository.get(app.case_id_for(story.child.personal_id))
    return case


@pytest.mark.parametrize(
    "now",
    [
        NOW,
        datetime(2026, 1, 31, 20, 0, tzinfo=UTC),
        datetime(2026, 3, 31, 20, 0, tzinfo=UTC),
        datetime(2026, 12, 2, tzinfo=UTC),
    ],
)
def test_the_moment_before_lies_in_the_quarter_before(now: datetime) -> None:
    before = quarter_before(now)

    assert Quarter.containing(before).next() == Quarter.containing(now)
    assert Quarter.containing(before - timedelta(days=3)) == Quarter.containing(before)


def test_the_aggression_story_is_reviewed_followed_up_and_closed_on_approval() -> None:
    case = _case(_loaded(), "An aggressive 9-year-old")

    assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.OTHER)
    assert (case.risk_level, case.last_reviewed_on) == (RiskLevel.LOW, local_date(NOW))
    assert case.follow_ups == 1
    assert case.pending_closure is None


def test_the_learning_story_is_revised_and_moves_to_chirchiq() -> None:
    case = _case(_loaded(), "A 10-year-old with learning difficulties")

    assert case.status is CaseStatus.REFERRED
    assert (case.household.district, case.household.mahalla) == ("Chirchiq shahri", "Yoshlik")
    assert case.caseworker == "demo.caseworker.chirchiq"
    assert case.risk_level is RiskLevel.MEDIUM
    assert [g.status for g in case.goals] == [GoalStatus.ACHIEVED, GoalStatus.OPEN]
    assert case.pending_transfer is None


def test_the_second_quarter_is_decided_by_the_supervisors_and_asked_by_the_caseworker() -> None:
    app = _loaded()
    actors: dict[str, set[str]] = {}
    for story in stories(NOW.date()):
        for entry in app.history(app.case_id_for(story.child.personal_id), limit=100):
            actors.setdefault(entry.type, set()).add(entry.actor)

    assert actors["ClosureRequested"] == actors["TransferRequested"] == {ACTOR}
    assert actors["ClosureApproved"] == {second_quarter.SUPERVISOR}
    assert actors["TransferAccepted"] == {"demo.supervisor.chirchiq"}
    assert actors["ReviewRecorded"] == actors["WorkPlanRevised"] == {ACTOR}


def test_no_story_records_a_day_after_the_clock_and_the_first_quarter_lies_before() -> None:
    app = _loaded()
    visits, reviews = [], []
    for story in stories(NOW.date()):
        for entry in app.history(app.case_id_for(story.child.personal_id), limit=100):
            if entry.type == "Visited":
                visits.append(datetime.fromisoformat(entry.data["visit"]["visited_at"]))
            if entry.type == "ReviewRecorded":
                reviews.append(date.fromisoformat(entry.data["reviewed_on"]))

    quarters = {Quarter.containing(visit) for visit in visits}
    assert max(visits) <= NOW
    assert quarters == {Quarter.containing(NOW), Quarter(2026, 1)}
    assert reviews == [local_date(NOW)] * 2


def test_loading_again_the_same_day_adds_nothing() -> None:
    app = _loaded()
    before = app.recorder.max_notification_id()

    assert load_demo(app, clock=app.now, report=lambda _: None) == 0
    assert app.recorder.max_notification_id() == before


def test_serving_the_demo_gives_its_people_tokens_that_reach_their_cases() -> None:
    issuer = LocalIssuer(b"unit-test-secret-of-thirty-two-bytes")

    people = {who: issuer.verify(token) for who, token in demo_tokens(issuer, hours=1)}

    assert people[ACTOR].role is Role.CASEWORKER
    assert "Al-Xorazmiy" in people[ACTOR].mahallas
    assert "Yoshlik" not in people[ACTOR].mahallas
    assert people[second_quarter.SUPERVISOR].role is Role.SUPERVISOR
    assert "Urganch shahri" in people[second_quarter.SUPERVISOR].districts
    assert people["demo.supervisor.chirchiq"].districts == ("Chirchiq shahri",)
