"""The case list as a worklist over the real PostgreSQL: each filter, each order, keyset pages
through the whole list in every order, and counts that never reach beyond the caller."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.view import case_view
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.listing import CaseFilter, CaseOrder, Keyset, order_key
from baxt.application.cases.read_model import CaseReadModel
from baxt.application.cases.rows import CaseSummary
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.values import CloseReason, ContactOutcome, FlagSource, Household, Visit
from baxt.migrations import apply_migrations
from baxt.projections.case_summary import case_summary_runner
from tests.factories import child, household
from tests.integration.conftest import CASE_KEY

AUDITOR = case_view(Principal("tests", Role.AUDITOR))
CHILONZOR = case_view(Principal("sup.chilonzor", Role.SUPERVISOR, districts=("Chilonzor",)))
YUNUSOBOD = case_view(Principal("sup.yunusobod", Role.SUPERVISOR, districts=("Yunusobod",)))
TODAY = local_date(datetime.now(UTC))
CURRENT = Quarter.containing(datetime.now(UTC))
PAST_QUARTER = Quarter.containing(datetime.combine(CURRENT.first_day, time(), UTC) - timedelta(1))
NEXT_QUARTER = CURRENT.next()


@dataclass(frozen=True)
class World:
    read_model: CaseReadModel
    cases: dict[str, UUID]


@pytest.fixture(scope="module")
def world_url(admin_url: str) -> Iterator[tuple[str, dict[str, UUID]]]:
    from tests.database import scratch_database

    with scratch_database(admin_url) as url:
        apply_migrations(url)
        yield url, _write_cases(url)


@pytest.fixture
async def world(world_url: tuple[str, dict[str, UUID]]) -> AsyncIterator[World]:
    url, cases = world_url
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
    await pool.open()
    yield World(CaseReadModel(pool), cases)
    await pool.close()


def _write_cases(url: str) -> dict[str, UUID]:
    """Named cases, each standing out in one way, and plain ones around them."""
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY)
    cases = {name: _flag(app, household()) for name in _NAMED}
    cases |= {f"plain {n}": _flag(app, household()) for n in range(6)}
    cases["elsewhere"] = _flag(app, Household("G", "+998901234567", "Toshkent", "Yunusobod", "M"))
    for name, steps in _NAMED.items():
        for step in steps:
            app.change_case(cases[name], step)
    for name in ("elsewhere", "plain 0"):
        app.change_case(cases[name], _assigned("aziza"))
        app.change_case(cases[name], _escalated)
        app.change_case(cases[name], _planned(PAST_QUARTER))
    with case_summary_runner(event_store_env(url)) as runner:
        runner.wait(app.recorder.max_notification_id(), timeout=60)
    app.close()
    return cases


def _flag(app: CaseApplication, place: Household) -> UUID:
    saved = app.flag_child(
        child=child(),
        household=place,
        source=FlagSource.RISK_SCREENING,
        indicators=[],
        note="",
        actor="t",
    )
    return saved.case_id


def _assigned(caseworker: str) -> Any:
    return lambda case: case.assign(caseworker=caseworker, reason="", actor="t")


def _planned(quarter: Quarter) -> Any:
    return lambda case: case.plan_visit(quarter=quarter, actor="t")


def _escalated(case: Case) -> None:
    for _ in range(3):
        case.record_contact_attempt(
            outcome=ContactOutcome.NO_ANSWER, visit_scheduled_at=None, note="", actor="t"
        )


def _unsafe_visit(case: Case) -> None:
    at = datetime.combine(PAST_QUARTER.first_day + timedelta(days=10), time(12), UTC)
    visit = Visit(at, child_seen=True, guardian_present=True, observations="", safety_concern=True)
    case.record_visit(visit=visit, actor="t", now=datetime.now(UTC))


def _closure_requested(case: Case) -> None:
    case.request_closure(reason=CloseReason.MOVED, note="", actor="t")


def _transfer_requested(case: Case) -> None:
    case.request_transfer(
        region="Toshkent", district="Yunusobod", mahalla="M", reason="r", actor="t"
    )


def _closed(case: Case) -> None:
    case.close(reason=CloseReason.MOVED, note="", actor="t")


_NAMED = {
    "assigned to aziza": [_assigned("aziza")],
    "assigned to bekzod": [_assigned("bekzod"), _planned(NEXT_QUARTER)],
    "escalated": [_assigned("bekzod"), _escalated],
    "unsafe": [_assigned("aziza"), _unsafe_visit],
    "overdue": [_assigned("aziza"), _planned(PAST_QUARTER)],
    "seen in time": [_assigned("aziza"), _unsafe_visit, _planned(PAST_QUARTER)],
    "overdue but closed": [_assigned("aziza"), _planned(PAST_QUARTER), _closed],
    "awaiting approval": [_assigned("bekzod"), _closure_requested],
    "moving": [_assigned("bekzod"), _transfer_requested],
}


async def _all(world: World, case_filter: CaseFilter, **kwargs: Any) -> set[str]:
    view = kwargs.pop("view", AUDITOR)
    page = await world.read_model.page(case_filter, view, limit=100, **kwargs)
    names = {case_id: name for name, case_id in world.cases.items()}
    return {names[row.case_id] for row in page.rows}


async def test_the_caseworker_filter_lists_only_that_caseworkers_cases(world: World) -> None:
    assert await _all(world, CaseFilter(caseworker="bekzod")) == {
        "assigned to bekzod",
        "escalated",
        "awaiting approval",
        "moving",
    }


async def test_the_unassigned_filter_lists_the_cases_with_no_caseworker(world: World) -> None:
    unassigned = await _all(world, CaseFilter(unassigned=True))
    assert unassigned == {f"plain {n}" for n in range(1, 6)}
    assigned = await _all(world, CaseFilter(unassigned=False))
    assert assigned == set(world.cases) - unassigned


async def test_the_escalated_filter_lists_the_escalated_cases(world: World) -> None:
    assert await _all(world, CaseFilter(escalated=True)) == {"escalated", "plain 0", "elsewhere"}


async def test_the_safety_concern_filter_lists_the_cases_a_visit_found_unsafe(
    world: World,
) -> None:
    assert await _all(world, CaseFilter(safety_concern=True)) == {"unsafe", "seen in time"}
    assert "unsafe" not in await _all(world, CaseFilter(safety_concern=False))


async def test_the_overdue_filter_lists_open_cases_whose_planned_visit_has_not_seen_the_child(
    world: World,
) -> None:
    overdue = await _all(world, CaseFilter(overdue=True, today=TODAY))
    assert overdue == {"overdue", "plain 0", "elsewhere"}
    assert await _all(world, CaseFilter(overdue=False, today=TODAY)) == set(world.cases) - overdue


async def test_nothing_is_overdue_on_the_day_the_visit_is_due(world: World) -> None:
    on_the_day = CaseFilter(overdue=True, today=PAST_QUARTER.last_day)
    assert await _all(world, on_the_day) == set()


async def test_the_due_filters_bound_the_planned_visits_due_date_inclusively(
    world: World,
) -> None:
    due = PAST_QUARTER.last_day
    assert await _all(world, CaseFilter(due_after=NEXT_QUARTER.first_day)) == {"assigned to bekzod"}
    assert await _all(world, CaseFilter(due_before=due, caseworker="aziza")) == {
        "overdue",
        "seen in time",
        "overdue but closed",
        "plain 0",
        "elsewhere",
    }
    assert await _all(world, CaseFilter(due_before=due - timedelta(days=1))) == set()


async def test_the_awaiting_approval_filter_lists_the_cases_with_a_request_waiting(
    world: World,
) -> None:
    assert await _all(world, CaseFilter(awaiting_approval=True)) == {"awaiting approval"}


async def test_a_supervisor_never_lists_nor_counts_a_case_outside_their_districts(
    world: World,
) -> None:
    escalated = CaseFilter(escalated=True)
    assert await _all(world, escalated, view=CHILONZOR) == {"escalated", "plain 0"}
    assert await world.read_model.count(escalated, CHILONZOR) == 2
    assert await world.read_model.count(escalated, AUDITOR) == 3
    assert await world.read_model.count(CaseFilter(), CHILONZOR) == len(world.cases) - 1


async def test_the_count_ignores_the_page(world: World) -> None:
    first = await world.read_model.page(CaseFilter(caseworker="aziza"), AUDITOR, limit=2)
    assert len(first.rows) == 2
    assert await world.read_model.count(CaseFilter(caseworker="aziza"), AUDITOR) == 7


def _sorted(rows: list[CaseSummary], order: CaseOrder) -> list[UUID]:
    def key(row: CaseSummary) -> tuple[Any, UUID]:
        if order is CaseOrder.DUE_DATE:
            return (row.visit_due_on or date.max, row.case_id)
        return (row.flagged_at if order is CaseOrder.FLAGGED_DATE else row.updated_at, row.case_id)

    return [row.case_id for row in sorted(rows, key=key, reverse=order.value == "RECENTLY_UPDATED")]


@pytest.mark.parametrize("order", list(CaseOrder))
async def test_pages_walk_the_whole_list_in_each_order_every_case_once(
    world: World, order: CaseOrder
) -> None:
    walked: list[CaseSummary] = []
    after: Keyset | None = None
    while True:
        page = await world.read_model.page(CaseFilter(), AUDITOR, limit=3, order=order, after=after)
        walked += page.rows
        if not page.has_next:
            break
        last = page.rows[-1]
        after = _keyset(order, last)
    assert len(walked) == len({row.case_id for row in walked}) == len(world.cases)
    assert [row.case_id for row in walked] == _sorted(walked, order)
    assert await world.read_model.count(CaseFilter(), AUDITOR) == len(walked)


@pytest.mark.parametrize("order", list(CaseOrder))
async def test_pages_walk_back_from_the_end_in_each_order(world: World, order: CaseOrder) -> None:
    walked: list[CaseSummary] = []
    before: Keyset | None = None
    while True:
        page = await world.read_model.page(
            CaseFilter(), AUDITOR, limit=4, order=order, before=before, from_end=True
        )
        walked = page.rows + walked
        if not page.has_previous:
            break
        before = _keyset(order, page.rows[0])
    assert [row.case_id for row in walked] == _sorted(walked, order)
    assert len(walked) == len(world.cases)


async def test_the_due_date_order_puts_the_soonest_visit_first_and_none_last(
    world: World,
) -> None:
    page = await world.read_model.page(CaseFilter(), AUDITOR, limit=100, order=CaseOrder.DUE_DATE)
    dues = [row.visit_due_on for row in page.rows]
    planned = [due for due in dues if due is not None]
    assert dues[: len(planned)] == sorted(planned)
    assert dues[len(planned) :] == [None] * (len(dues) - len(planned))
    assert planned[-1] == NEXT_QUARTER.last_day


def _keyset(order: CaseOrder, row: CaseSummary) -> Keyset:
    key = order_key(order, row)
    if order is CaseOrder.DUE_DATE:
        return Keyset(key if key == "infinity" else date.fromisoformat(key), row.case_id)
    return Keyset(datetime.fromisoformat(key), row.case_id)


async def test_the_approval_queue_counts_only_the_requests_in_the_callers_reach(
    world: World,
) -> None:
    queue = await world.read_model.approval_queue(CHILONZOR, limit=100)
    assert [row.case_id for row in queue.rows] == [world.cases["awaiting approval"]]
    assert await world.read_model.approval_queue_count(CHILONZOR) == 1
    assert await world.read_model.approval_queue_count(YUNUSOBOD) == 0


async def test_incoming_transfers_count_by_where_the_family_moves(world: World) -> None:
    incoming = await world.read_model.incoming_transfers(YUNUSOBOD, limit=100)
    assert [row.case_id for row in incoming.rows] == [world.cases["moving"]]
    assert await world.read_model.incoming_transfers_count(YUNUSOBOD) == 1
    assert await world.read_model.incoming_transfers_count(CHILONZOR) == 0
