"""Teams and gatherings on PostgreSQL: their rows are what a rebuild makes, a supervisor's
training figures count only their own districts, and a caseworker lists only their
mahallas' gatherings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.view import case_view
from baxt.application.cases.application import CaseApplication
from baxt.application.teams.reads import PlaceFilter, TeamReads, TrainingFigures
from baxt.application.teams.store import save_record
from baxt.bootstrap import event_store_env
from baxt.domain.monitoring.measures import PlaceLevel
from baxt.domain.quarter import Quarter
from baxt.domain.teams import (
    AgencyAttendance,
    AgencyKind,
    Gathering,
    GatheringKind,
    InteragencyTeam,
    Place,
)
from baxt.domain.teams.gathering import GatheringFacts
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.rebuild import check
from tests.integration.conftest import CASE_KEY

URGANCH = Place("Xorazm viloyati", "Urganch tumani", "Navbahor")
SHOVOT = Place("Xorazm viloyati", "Shovot tumani", "Guliston")
URGUT = Place("Samarqand viloyati", "Urgut", "Navbahor")
Q4 = Quarter(2026, 4)


@pytest.fixture
def store(fresh_database_url: str) -> Iterator[tuple[str, CaseApplication]]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    yield fresh_database_url, app
    app.close()


def _training(
    app: CaseApplication, place: Place, parents: int, certified: int, held_on: date
) -> None:
    facts = GatheringFacts(
        kind=GatheringKind.PARENTING_TRAINING,
        held_on=held_on,
        place=place,
        attendance=[AgencyAttendance(AgencyKind.NGO, 2)],
        parents_attending=parents,
        certificates_issued=certified,
    )
    save_record(app, Gathering.record(gathering_id=uuid4(), facts=facts, today=held_on, actor="cw"))


def _seminar(app: CaseApplication, place: Place, held_on: date) -> None:
    attendance = [AgencyAttendance(AgencyKind.SCHOOL, 3), AgencyAttendance(AgencyKind.CLINIC, 2)]
    facts = GatheringFacts(GatheringKind.SEMINAR, held_on, place, attendance=attendance)
    save_record(app, Gathering.record(gathering_id=uuid4(), facts=facts, today=held_on, actor="cw"))


def _world(app: CaseApplication) -> InteragencyTeam:
    team = InteragencyTeam.form(
        team_id=uuid4(), name="Navbahor", place=URGANCH, coordination_group="CG", actor="cw"
    )
    leaving = team.add_member(
        member_id=uuid4(),
        full_name="Rahimov Bekzod",
        agency=AgencyKind.POLICE_INSPECTOR,
        role="inspector",
        actor="cw",
    )
    team.add_member(
        member_id=uuid4(),
        full_name="Yusupova Malika",
        agency=AgencyKind.SCHOOL,
        role="",
        actor="cw",
    )
    team.remove_member(member_id=leaving.member_id, actor="cw")
    save_record(app, team)
    _training(app, URGANCH, 12, 9, date(2026, 10, 7))
    _training(app, SHOVOT, 20, 20, date(2026, 11, 2))
    _seminar(app, URGANCH, date(2026, 10, 20))
    _training(app, URGUT, 30, 25, date(2026, 11, 20))
    _training(app, URGANCH, 15, 15, date(2026, 9, 30))  # the quarter before
    return team


async def _figures(url: str, principal: Principal, level: PlaceLevel) -> TrainingFigures:
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
    await pool.open()
    try:
        return await TeamReads(pool).training_figures(principal, Q4, level, PlaceFilter())
    finally:
        await pool.close()


def test_the_team_and_gathering_rows_are_what_a_rebuild_makes(
    store: tuple[str, CaseApplication],
) -> None:
    url, app = store
    team = _world(app)
    env = event_store_env(url)
    catch_up_case_summary(env)

    result = check(env, "case_summary")

    assert result.matches, result.describe()
    with psycopg.connect(url) as conn:
        members = conn.execute(
            "SELECT members FROM interagency_team WHERE team_id = %s", (team.id,)
        ).fetchone()
        quarters = conn.execute("SELECT quarter, count(*) FROM gathering GROUP BY 1 ORDER BY 1")
        assert list(quarters) == [("2026-Q3", 1), ("2026-Q4", 4)]
    assert members is not None
    assert [m["full_name"] for m in members[0]] == ["Yusupova Malika"]


async def test_a_supervisor_counts_the_trainings_of_their_region_by_district(
    store: tuple[str, CaseApplication],
) -> None:
    url, app = store
    _world(app)
    catch_up_case_summary(event_store_env(url))
    supervisor = Principal("sup", Role.SUPERVISOR, regions=("Xorazm viloyati",))

    figures = await _figures(url, supervisor, PlaceLevel.DISTRICT)

    by_district = {c.district: c for c in figures.places}
    assert set(by_district) == {"Urganch tumani", "Shovot tumani"}
    urganch = by_district["Urganch tumani"]
    assert (urganch.trainings_held, urganch.parenting_trainings) == (2, 1)
    assert (urganch.people_trained, urganch.parents_certified) == (14 + 5, 9)
    total = figures.total
    assert (total.trainings_held, total.people_trained, total.parents_certified) == (3, 41, 29)


async def test_an_analyst_counts_everywhere(store: tuple[str, CaseApplication]) -> None:
    url, app = store
    _world(app)
    catch_up_case_summary(event_store_env(url))

    figures = await _figures(url, Principal("an", Role.ANALYST), PlaceLevel.REGION)

    assert [(c.region, c.parents_certified) for c in figures.places] == [
        ("Samarqand viloyati", 25),
        ("Xorazm viloyati", 29),
    ]
    assert figures.total.trainings_held == 4


async def test_a_caseworker_lists_the_gatherings_of_their_mahallas_only(
    store: tuple[str, CaseApplication],
) -> None:
    url, app = store
    _world(app)
    catch_up_case_summary(event_store_env(url))
    caseworker = Principal("cw", Role.CASEWORKER, mahallas=("Navbahor",), districts=("Urgut",))
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
    await pool.open()
    try:
        found = await TeamReads(pool).gatherings(
            case_view(caseworker), PlaceFilter(), kind=None, quarter=Q4, team_id=None, limit=50
        )
    finally:
        await pool.close()

    assert [(g.place, g.parents_attending) for g in found] == [(URGUT, 30)]
    assert all(isinstance(g.gathering_id, UUID) for g in found)
