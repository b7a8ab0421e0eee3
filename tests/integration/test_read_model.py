from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.view import case_view
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import CaseFilter, CaseReadModel, Position
from baxt.bootstrap import event_store_env
from baxt.domain.values import CaseStatus, CloseReason, FlagSource
from baxt.migrations import apply_migrations
from baxt.projections.case_summary import (
    case_summary_runner,
)
from tests.factories import child, household
from tests.integration.conftest import CASE_KEY

# reads as an auditor: every case, nothing masked
READER = case_view(Principal("tests", Role.AUDITOR))

MAHALLAS = ("Bunyodkor", "Minor", "Registon")


@pytest.fixture(scope="module")
async def read_model(admin_url: str) -> AsyncIterator[CaseReadModel]:
    from tests.database import scratch_database

    with scratch_database(admin_url) as url:
        apply_migrations(url)
        _write_twelve_cases(url)
        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
        await pool.open()
        yield CaseReadModel(pool)
        await pool.close()


def _write_twelve_cases(url: str) -> None:
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY)
    for n in range(12):
        saved = app.flag_child(
            child=child(name=f"{'Aziz' if n % 2 else 'Bahrom'} {n:02d}"),
            household=household(mahalla=MAHALLAS[n % 3]),
            source=FlagSource.RISK_SCREENING,
            indicators=[],
            note="",
            actor="t",
        )
        if n % 4 == 0:
            app.change_case(
                saved.case_id, lambda case: case.close(reason=CloseReason.MOVED, note="", actor="t")
            )
    with case_summary_runner(event_store_env(url)) as runner:
        runner.wait(app.recorder.max_notification_id(), timeout=60)
    app.close()


def _position(page_rows: list[Any]) -> Position:
    return Position(page_rows[-1].updated_at, page_rows[-1].case_id)


async def test_forward_pages_cover_every_case_once_newest_first(read_model: CaseReadModel) -> None:
    seen, after, pages = [], None, 0
    while True:
        page = await read_model.page(CaseFilter(), READER, limit=5, after=after)
        seen += page.rows
        pages += 1
        if not page.has_next:
            break
        after = _position(page.rows)

    assert pages == 3
    assert len({r.case_id for r in seen}) == 12
    keys = [(r.updated_at, r.case_id) for r in seen]
    assert keys == sorted(keys, reverse=True)


async def test_paging_backwards_from_the_end_gives_the_same_cases(
    read_model: CaseReadModel,
) -> None:
    everything = (await read_model.page(CaseFilter(), READER, limit=50)).rows
    last_five = await read_model.page(CaseFilter(), READER, limit=5, from_end=True)
    before = Position(last_five.rows[0].updated_at, last_five.rows[0].case_id)
    five_before = await read_model.page(CaseFilter(), READER, limit=5, before=before, from_end=True)

    assert last_five.rows == everything[-5:]
    assert last_five.has_previous
    assert five_before.rows == everything[-10:-5]
    assert five_before.has_next


async def test_first_with_before_takes_from_the_front_of_what_lies_before(
    read_model: CaseReadModel,
) -> None:
    everything = (await read_model.page(CaseFilter(), READER, limit=50)).rows
    before = Position(everything[6].updated_at, everything[6].case_id)

    page = await read_model.page(CaseFilter(), READER, limit=2, before=before)

    assert page.rows == everything[:2]
    assert (page.has_next, page.has_previous) == (True, False)


async def test_after_and_before_together_bound_the_page_on_both_sides(
    read_model: CaseReadModel,
) -> None:
    everything = (await read_model.page(CaseFilter(), READER, limit=50)).rows
    after = Position(everything[2].updated_at, everything[2].case_id)
    before = Position(everything[6].updated_at, everything[6].case_id)

    first = await read_model.page(CaseFilter(), READER, limit=10, after=after, before=before)
    last = await read_model.page(
        CaseFilter(), READER, limit=2, after=after, before=before, from_end=True
    )

    assert first.rows == everything[3:6]
    assert last.rows == everything[4:6]
    assert (last.has_previous, last.has_next) == (True, True)


async def test_filters_combine_status_mahalla_and_a_name_prefix(read_model: CaseReadModel) -> None:
    closed = await read_model.page(CaseFilter(statuses=(CaseStatus.CLOSED,)), READER, limit=50)
    in_minor = await read_model.page(CaseFilter(mahalla="Minor"), READER, limit=50)
    aziz = await read_model.page(CaseFilter(search="aZi"), READER, limit=50)
    nothing = await read_model.page(CaseFilter(search="%"), READER, limit=50)

    assert len(closed.rows) == 3
    assert {r.household.mahalla for r in in_minor.rows} == {"Minor"}
    assert len(in_minor.rows) == 4
    assert len(aziz.rows) == 6
    assert nothing.rows == []


async def test_a_search_of_two_words_finds_only_the_cases_holding_both(
    read_model: CaseReadModel,
) -> None:
    aziz = await read_model.page(CaseFilter(search="aziz"), READER, limit=50)
    both = await read_model.page(CaseFilter(search="az aziz"), READER, limit=50)
    neither = await read_model.page(CaseFilter(search="aziz bahrom"), READER, limit=50)

    assert len(aziz.rows) == 6
    assert both.rows == aziz.rows
    assert neither.rows == []
    assert await read_model.count(CaseFilter(search="aziz bahrom"), READER) == 0


async def test_a_search_pages_in_order_and_counts_within_the_other_filters(
    read_model: CaseReadModel,
) -> None:
    seen, after = [], None
    while True:
        page = await read_model.page(CaseFilter(search="Bah"), READER, limit=2, after=after)
        seen += page.rows
        if not page.has_next:
            break
        after = _position(page.rows)
    in_minor = CaseFilter(search="aziz", mahalla="Minor")
    found = await read_model.page(in_minor, READER, limit=50)

    keys = [(r.updated_at, r.case_id) for r in seen]
    assert len(set(keys)) == 6
    assert keys == sorted(keys, reverse=True)
    assert {r.child.full_name for r in found.rows} == {"Aziz 01", "Aziz 07"}
    assert await read_model.count(in_minor, READER) == 2
