"""The pairs of cases in reach that may be one child's, on the real PostgreSQL: proposed as a
case's candidates are, the strongest first in keyset pages, without the merged and the pairs
told apart, and only where the caller reaches both cases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.view import case_view
from baxt.application.cases.application import CaseApplication
from baxt.application.duplicates.candidates import DuplicateCandidates
from baxt.application.duplicates.pairs import DuplicatePairs, PairPage
from baxt.application.duplicates.reasons import DuplicateReason as R
from baxt.application.duplicates.reasons import score_of
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.pinfl import make_pinfl
from baxt.domain.values import Child, FlagSource, Household, Sex
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from tests.integration.conftest import CASE_KEY

SUPERVISOR = Principal("sup.chilonzor", Role.SUPERVISOR, districts=("Chilonzor",))
BORN = date(2018, 4, 9)


def _child(serial: int, name: str, born: date = BORN) -> Child:
    return Child(make_pinfl(born, Sex.FEMALE, 26, serial), name, born, Sex.FEMALE)


def _mistyped(kid: Child, name: str) -> Child:
    """The child's PINFL with its last digit written one higher, under another spelling."""
    pinfl = kid.personal_id
    return replace(kid, personal_id=pinfl[:-1] + str((int(pinfl[-1]) + 1) % 10), full_name=name)


def _home(district: str = "Chilonzor", mahalla: str = "Bunyodkor") -> Household:
    return Household("Karimova Dilnoza", "+998901234567", "Toshkent shahri", district, mahalla)


@dataclass
class World:
    url: str
    app: CaseApplication
    pool: AsyncConnectionPool[Any]

    def flag(self, kid: Child, home: Household | None = None) -> UUID:
        return self.app.flag_child(
            child=kid,
            household=home or _home(),
            source=FlagSource.COMMUNITY_REPORT,
            indicators=[],
            note="",
            actor="cw",
        ).case_id

    def both(self, first: UUID, second: UUID, command: str) -> None:
        def run(one: Case, other: Case) -> None:
            if command == "merge":
                one.keep_merged(other.id, note="one child", actor="sup")
                other.merge_into(one.id, note="one child", actor="sup")
            else:
                one.mark_not_duplicate(other.id, note="twins", actor="sup")
                other.mark_not_duplicate(one.id, note="twins", actor="sup")

        self.app.change_both(first, second, run)

    async def page(self, principal: Principal = SUPERVISOR, **given: Any) -> PairPage:
        catch_up_case_summary(event_store_env(self.url))
        pairs = DuplicatePairs(self.pool)
        return await pairs.page(case_view(principal), limit=given.pop("limit", 20), **given)

    async def count(self, principal: Principal = SUPERVISOR) -> int:
        catch_up_case_summary(event_store_env(self.url))
        return await DuplicatePairs(self.pool).count(case_view(principal))


@pytest.fixture
async def world(fresh_database_url: str) -> AsyncIterator[World]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(fresh_database_url, open=False)
    await pool.open()
    try:
        yield World(fresh_database_url, app, pool)
    finally:
        await pool.close()
        app.close()


def _ids(page: PairPage) -> list[tuple[UUID, UUID]]:
    return [(p.first.case_id, p.second.case_id) for p in page.pairs]


def _pair(one: UUID, other: UUID) -> tuple[UUID, UUID]:
    return (one, other) if one < other else (other, one)


async def test_pairs_are_proposed_as_candidates_are_with_their_reasons_strongest_first(
    world: World,
) -> None:
    kid = _child(11, "Yusufova Dilnoza")
    typo = world.flag(kid), world.flag(_mistyped(kid, "Юсуфова Дильноза"))
    near = (
        world.flag(_child(21, "Rahimova Nodira", BORN)),
        world.flag(_child(55, "Rahimova Nodira", date(2018, 4, 11)), _home(mahalla="Navbahor")),
    )
    other = _child(31, "Olimova Zarina")
    world.flag(other)
    world.flag(_mistyped(other, "Xolmatova Shahlo"))  # one digit off, the names apart

    page = await world.page()

    assert _ids(page) == [_pair(*typo), _pair(*near)]
    strongest, second = page.pairs
    assert strongest.reasons == (
        R.PINFL_ONE_DIGIT_OFF,
        R.NAME_MATCH,
        R.BIRTH_DATE_EXACT,
        R.SAME_MAHALLA,
    )
    assert second.reasons == (R.NAME_MATCH, R.BIRTH_DATE_NEAR, R.SAME_DISTRICT)
    assert [p.score for p in page.pairs] == [score_of(p.reasons) for p in page.pairs] == [90, 40]
    assert strongest.first.child.full_name in {"Yusufova Dilnoza", "Юсуфова Дильноза"}
    assert not page.has_next
    assert await world.count() == 2
    candidates = DuplicateCandidates(world.pool)
    for pair in page.pairs:
        found = await candidates.of_case(pair.first.case_id, case_view(SUPERVISOR))
        shown = [(c.row.case_id, c.reasons, c.score) for c in found]
        assert shown == [(pair.second.case_id, pair.reasons, pair.score)]


async def test_merged_cases_and_pairs_told_apart_are_not_listed(world: World) -> None:
    merged = world.flag(_child(11, "Yusufova Dilnoza")), world.flag(_child(12, "Yusufova Dilnoza"))
    apart = world.flag(_child(21, "Rahimova Nodira")), world.flag(_child(22, "Rahimova Nodira"))
    kept = world.flag(_child(41, "Olimova Zarina")), world.flag(_child(42, "Olimova Zarina"))
    world.both(*merged, "merge")
    world.both(*apart, "apart")

    page = await world.page()

    assert _ids(page) == [_pair(*kept)]


async def test_a_caller_sees_only_pairs_of_which_they_reach_both_cases(world: World) -> None:
    inside = world.flag(_child(11, "Yusufova Dilnoza")), world.flag(_child(12, "Yusufova Dilnoza"))
    world.flag(_child(21, "Rahimova Nodira"))
    world.flag(_child(22, "Rahimova Nodira"), _home(district="Yunusobod"))
    caseworker = Principal(
        "cw.b", Role.CASEWORKER, districts=("Chilonzor",), mahallas=("Bunyodkor",)
    )
    far = Principal("sup.far", Role.SUPERVISOR, districts=("Sergeli",))

    assert _ids(await world.page()) == [_pair(*inside)]
    assert _ids(await world.page(caseworker)) == [_pair(*inside)]
    assert _ids(await world.page(far)) == []


async def test_the_pairs_page_on_by_their_cursor_without_gaps_or_repeats(world: World) -> None:
    for n in range(5):
        name = f"Karimova Aziza{'bdfgh'[n]}"
        world.flag(_child(100 + 2 * n, name)), world.flag(_child(101 + 2 * n, name))
    everything = _ids(await world.page(limit=20))

    first = await world.page(limit=2)
    second = await world.page(limit=2, after=first.pairs[-1].position)
    rest = await world.page(limit=2, after=second.pairs[-1].position)

    assert len(everything) == 5
    assert (first.has_next, second.has_next, rest.has_next) == (True, True, False)
    assert _ids(first) + _ids(second) + _ids(rest) == everything


async def test_a_pairs_name_tokens_alone_do_not_propose_it(world: World) -> None:
    world.flag(_child(11, "Karimova Madina"))
    world.flag(_child(77, "Karimova Madina", date(2012, 1, 1)))

    assert _ids(await world.page()) == []
