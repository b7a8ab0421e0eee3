"""Household records on PostgreSQL: the planner makes one visit of a household's children,
and the `household` rows, erased or not, are what a rebuild makes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID, uuid4

import psycopg
import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.households.store import load_household, save_household
from baxt.application.planning import QuarterPlanner
from baxt.application.roster import parse_roster, save_roster
from baxt.bootstrap import event_store_env
from baxt.domain.household import Address, Guardian, Household
from baxt.domain.personal_data import ERASED
from baxt.domain.quarter import Quarter
from baxt.domain.values import FlagSource
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.rebuild import check
from tests.factories import child, household
from tests.integration.conftest import CASE_KEY
from tests.sealed import opened

ROSTER = Path(__file__).with_name("roster.csv")
BOBUR = (
    "user_id,full_name,role,email,phone,language,region,district,mahallas,capacity\n",
    "cw.bobur,Bobur Aliyev,CASEWORKER,,,uz-Latn,Toshkent shahri,Chilonzor,Bunyodkor,4\n",
)


@pytest.fixture
def store(fresh_database_url: str) -> Iterator[tuple[str, CaseApplication]]:
    apply_migrations(fresh_database_url)
    with ROSTER.open(encoding="utf-8") as roster:
        members, _ = parse_roster(roster)
    extra, _ = parse_roster(BOBUR)
    save_roster(fresh_database_url, members + extra)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    yield fresh_database_url, app
    app.close()


def _flag(app: CaseApplication) -> UUID:
    return app.flag_child(
        child=child(),
        household=household(mahalla="Bunyodkor"),
        source=FlagSource.MAHALLA_TEAM,
        indicators=[],
        note="",
        actor="mahalla",
    ).case_id


def _family(app: CaseApplication, case_ids: list[UUID]) -> Household:
    record = Household.register(
        household_id=uuid4(),
        guardians=[Guardian("Karimova Dilnoza", "+998901234567", "mother")],
        address=Address("Toshkent shahri", "Chilonzor", "Bunyodkor", "Bunyodkor 12"),
        members=[],
        actor="cw.bobur",
    )
    save_household(app, record)
    for case_id in case_ids:
        app.change_case(case_id, lambda c: c.link_to_household(household_id=record.id, actor="cw"))
    return record


def test_siblings_make_one_home_visit_by_the_caseworker_of_the_first(
    store: tuple[str, CaseApplication],
) -> None:
    url, app = store
    first, second, alone = _flag(app), _flag(app), _flag(app)
    _family(app, [first, second])
    app.change_case(first, lambda c: c.assign(caseworker="cw.bobur", reason="", actor="sup"))
    catch_up_case_summary(event_store_env(url))

    report = QuarterPlanner(app, url).plan(Quarter(2027, 1))

    assert (report.planned, report.home_visits) == (3, 2)
    assert app.repository.get(second).caseworker == "cw.bobur"
    assert app.repository.get(alone).caseworker != "cw.bobur"


def test_the_household_rows_erased_or_not_are_what_a_rebuild_makes(
    store: tuple[str, CaseApplication],
) -> None:
    url, app = store
    kept, erased = _family(app, [_flag(app)]), _family(app, [_flag(app)])
    erased.erase_data(legal_reason="court order 7", actor="admin")
    save_household(app, erased)
    app.child_keys.erase(erased.id)
    env = event_store_env(url)
    catch_up_case_summary(env)

    result = check(env, "case_summary")

    assert result.matches, result.describe()
    with psycopg.connect(url) as conn:
        rows: dict[UUID, str] = dict(
            conn.execute("SELECT household_id, guardians->0->>'full_name' FROM household")
        )
    rows = {owner: opened(url, owner, name) for owner, name in rows.items()}
    assert rows == {kept.id: "Karimova Dilnoza", erased.id: ERASED}
    assert load_household(app, erased.id).guardians[0].full_name == ERASED
