"""FAMILIES_SUPPORTED and the Social Registry breakdown of a small world, against sums worked
out by hand; the same after a rebuild, and under an analyst's suppression."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.cases.application import CaseApplication
from baxt.application.monitoring.figures import FigureRequest, MonitoringFigures
from baxt.application.monitoring.rows import FigurePlace, Figures, PlaceFigures
from baxt.bootstrap import event_store_env
from baxt.domain.monitoring.measures import Breakdown, Measure, PlaceLevel
from baxt.domain.quarter import Quarter
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.rebuild import check
from tests.clock import Clock, events_stamped_by
from tests.database import scratch_database
from tests.integration.conftest import CASE_KEY
from tests.integration.family_world import SAMARQAND, TOSHKENT, play_families
from tests.integration.monitoring_world import FLAGGED, Q3, World

AUDITOR = Principal("auditor", Role.AUDITOR)
ANALYST = Principal("analyst", Role.ANALYST)
M = Measure


@pytest.fixture(scope="module")
def world(admin_url: str) -> Iterator[World]:
    with scratch_database(admin_url) as url:
        apply_migrations(url)
        clock = Clock(FLAGGED)
        app = CaseApplication(event_store_env(url), case_key=CASE_KEY, clock=clock)
        with events_stamped_by(clock):
            world = play_families(app, clock, url)
        catch_up_case_summary(event_store_env(url))
        yield world
        app.close()


def _figures(url: str, principal: Principal = AUDITOR) -> Figures:
    async def read() -> Figures:
        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
        async with pool:
            request = FigureRequest(Quarter.parse(Q3), FigurePlace(), PlaceLevel.REGION)
            return await MonitoringFigures(pool).figures(request, principal)

    return anyio.run(read)


def _value(row: PlaceFigures, measure: Measure) -> int | None:
    count = row.counts[measure]
    return None if count is None else count.value


def test_two_siblings_of_one_household_are_one_family(world: World) -> None:
    q3 = _figures(world.url)

    # Tashkent: the two siblings (one household) and the child linked to none: 3 children,
    # 2 families; Samarqand: one child of her own household.
    by_region = {p.place.region: p for p in q3.places}
    assert _value(by_region[TOSHKENT], M.CHILDREN_SUPPORTED) == 3
    assert _value(by_region[TOSHKENT], M.FAMILIES_SUPPORTED) == 2
    assert _value(by_region[SAMARQAND], M.FAMILIES_SUPPORTED) == 1
    assert (_value(q3.total, M.CHILDREN_SUPPORTED), _value(q3.total, M.FAMILIES_SUPPORTED)) == (
        4,
        3,
    )


def test_families_are_not_broken_down_by_a_childs_property(world: World) -> None:
    sexes = _figures(world.url).total.breakdowns[Breakdown.SEX]

    assert sexes is not None
    assert [c.counts[M.FAMILIES_SUPPORTED] for c in sexes] == [None]


def test_the_registry_breakdown_counts_each_child_under_its_latest_flags_category(
    world: World,
) -> None:
    found = _figures(world.url).total.breakdowns[Breakdown.SOCIAL_REGISTRY_CATEGORY]

    assert found is not None
    flagged = {c.category: c.counts[M.FLAGGED] for c in found}
    # the siblings POOR; the child flagged again named NEAR_POVERTY_LINE the second time;
    # Samarqand's STATE_SUPPORTED; the fifth child's flag named none.
    assert {k: v.value if v else None for k, v in flagged.items()} == {
        "NEAR_POVERTY_LINE": 1,
        "NOT_RECORDED": 1,
        "POOR": 2,
        "STATE_SUPPORTED": 1,
    }
    assert sum(v.value or 0 for v in flagged.values() if v) == _value(
        _figures(world.url).total, M.FLAGGED
    )


def test_an_analyst_sees_the_small_family_counts_hidden(world: World) -> None:
    total = _figures(world.url, ANALYST).total.counts[M.FAMILIES_SUPPORTED]

    assert total is not None
    assert total.value is None
    assert total.suppressed


def test_a_rebuild_gives_the_same_families_and_categories(world: World) -> None:
    result = check(event_store_env(world.url), "case_summary")

    assert result.matches, result.describe()
