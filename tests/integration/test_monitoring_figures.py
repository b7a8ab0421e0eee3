"""The monitoring figures of the seed stories, a screening and the October survey, against
sums worked out by hand; the same after a rebuild; supervisors' and analysts' views."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.cases.application import CaseApplication
from baxt.application.monitoring.figures import FigureRequest, MonitoringFigures
from baxt.application.monitoring.rows import CategoryCounts, FigurePlace, Figures, PlaceFigures
from baxt.bootstrap import event_store_env
from baxt.domain.monitoring.measures import Breakdown, Interval, Measure, PlaceLevel
from baxt.domain.monitoring.suppression import Visibility
from baxt.domain.quarter import Quarter
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.rebuild import check
from tests.clock import Clock, events_stamped_by
from tests.database import scratch_database
from tests.integration.conftest import CASE_KEY
from tests.integration.monitoring_world import FLAGGED, Q3, Q4, World

AUDITOR = Principal("auditor", Role.AUDITOR)
ANALYST = Principal("analyst", Role.ANALYST)
TOSHKENT, SAMARQAND, XORAZM = "Toshkent shahri", "Samarqand viloyati", "Xorazm viloyati"
M = Measure
EVERYWHERE = FigurePlace()


@pytest.fixture(scope="module")
def world(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One world for every test here: they only read it."""
    folder = tmp_path_factory.mktemp("extracts")
    with scratch_database(admin_url) as url:
        apply_migrations(url)
        clock = Clock(FLAGGED)
        app = CaseApplication(event_store_env(url), case_key=CASE_KEY, clock=clock)
        with events_stamped_by(clock):
            world = World(url, app, clock, {})
            world.play_stories()
            world.survey(folder)
            world.screen(folder)
        catch_up_case_summary(event_store_env(url))
        yield world
        app.close()


def _figures(
    url: str,
    quarter: str,
    principal: Principal = AUDITOR,
    level: PlaceLevel = PlaceLevel.REGION,
    place: FigurePlace = EVERYWHERE,
) -> Figures:
    async def read() -> Figures:
        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
        async with pool:
            request = FigureRequest(Quarter.parse(quarter), place, level)
            return await MonitoringFigures(pool).figures(request, principal)

    return anyio.run(read)


def _values(row: PlaceFigures | CategoryCounts, *measures: Measure) -> list[int | None]:
    return [c.value if c is not None else None for c in (row.counts[m] for m in measures)]


def _by_region(figures: Figures, measure: Measure) -> dict[str | None, int | None]:
    return {p.place.region: _values(p, measure)[0] for p in figures.places}


FUNNEL = (M.FLAGGED, M.FLAGGED_NEW, M.FLAGGED_AGAIN, M.CONTACTED, M.VISITED, M.CHILD_SEEN)
FURTHER = (M.CONSULTED, M.WORK_PLAN, M.REFERRED, M.LINKED, M.CLOSED, M.FAILED_CALL)


def test_the_stories_first_quarter_counts_each_child_once_in_every_step(world: World) -> None:
    total = _figures(world.url, Q3).total

    assert _values(total, *FUNNEL) == [5, 5, 0, 5, 5, 5]
    assert _values(total, *FURTHER) == [5, 5, 5, 0, 3, 5]
    assert total.closed_by_reason["SERVICES_LINKED"].value == 3
    assert total.linkage_rate == 0.0


def test_the_days_from_the_flag_are_timed_on_the_first_step_of_each_kind(world: World) -> None:
    timings = _figures(world.url, Q3).total.timings

    assert [(t.children.value, t.median_days, t.p90_days) for t in timings.values()] == [
        (5, 10.0, 10.0),  # flagged 10 August, reached 20 August
        (5, 7.0, 7.0),  # the visit dated 17 August
        (5, 10.0, 10.0),
        (0, None, None),
    ]


def test_a_step_counts_in_the_quarter_it_happened_in_not_the_flags(world: World) -> None:
    q4 = _figures(world.url, Q4)

    # Q4: the survey's three and the screening's two flagged; the 9-year-old flagged in Q3 is
    # visited again, trained through SOS and closed in Q4; the 10-year-old's plan revised.
    assert _values(q4.total, *FUNNEL) == [5, 5, 0, 0, 2, 2]
    assert _values(q4.total, *FURTHER) == [0, 1, 0, 1, 1, 0]
    assert _values(q4.total, M.CHILDREN_SUPPORTED, M.PARENTS_TRAINED, M.PARENTS_CERTIFIED) == [
        1,
        1,
        1,
    ]
    assert q4.total.closed_by_reason["OTHER"].value == 1
    assert q4.total.linkage_rate == 0.2
    to_service = q4.total.timings[Interval.TO_SERVICE]
    assert (to_service.children.value, to_service.median_days) == (1, 63.0)
    to_visit = q4.total.timings[Interval.TO_VISIT]  # the survey child, 18 days after the flag
    assert (to_visit.children.value, to_visit.median_days) == (1, 18.0)


def test_the_october_survey_counts_its_children_and_those_a_visit_saw(world: World) -> None:
    q4 = _figures(world.url, Q4)

    assert _values(q4.total, M.SURVEYED, M.SURVEY_SEEN) == [3, 1]
    assert _by_region(q4, M.SURVEYED) == {SAMARQAND: 1, TOSHKENT: 2, XORAZM: 0}


def test_the_figures_by_region_add_up_to_the_total(world: World) -> None:
    q3, q4 = _figures(world.url, Q3), _figures(world.url, Q4)

    assert _by_region(q3, M.FLAGGED) == {SAMARQAND: 2, TOSHKENT: 2, XORAZM: 1}
    assert _by_region(q4, M.FLAGGED) == {SAMARQAND: 1, TOSHKENT: 3, XORAZM: 1}
    assert _by_region(q4, M.CLOSED) == {SAMARQAND: 0, TOSHKENT: 0, XORAZM: 1}


def _breakdown(row: PlaceFigures, by: Breakdown, measure: Measure) -> dict[str, int | None]:
    found = row.breakdowns[by]
    assert found is not None
    return {c.category: _values(c, measure)[0] for c in found}


def test_the_flagged_children_break_down_by_sex_age_band_source_and_indicator(
    world: World,
) -> None:
    q3, q4 = _figures(world.url, Q3).total, _figures(world.url, Q4).total

    assert _breakdown(q3, Breakdown.SEX, M.FLAGGED) == {"FEMALE": 3, "MALE": 2}
    assert _breakdown(q3, Breakdown.AGE_BAND, M.FLAGGED) == {"AGE_0_2": 1, "AGE_6_11": 4}
    assert _breakdown(q4, Breakdown.AGE_BAND, M.FLAGGED) == {
        "AGE_0_2": 1,  # born 31 December 2023, two on 15 October 2026
        "AGE_12_17": 1,
        "AGE_3_5": 2,
        "AGE_6_11": 1,
    }
    assert _breakdown(q4, Breakdown.SOURCE, M.FLAGGED) == {
        "AGE3_SURVEY": 3,
        "MAHALLA_TEAM": 0,  # the 9-year-old's row in Q4: visited and closed, not flagged
        "RISK_SCREENING": 2,
    }
    indicators = _breakdown(q3, Breakdown.INDICATOR, M.FLAGGED)
    assert (indicators["SCHOOL_ABSENCE"], indicators["HEALTH_INSURANCE_ARREARS"]) == (2, 2)
    # the stories' flags name no Social Registry category
    assert _breakdown(q3, Breakdown.SOCIAL_REGISTRY_CATEGORY, M.FLAGGED) == {"NOT_RECORDED": 5}


def test_the_families_supported_are_those_of_the_children_supported(world: World) -> None:
    q3, q4 = _figures(world.url, Q3).total, _figures(world.url, Q4).total

    # Q3 supports no child; Q4 the 9-year-old, whose case is linked to no household: his own.
    assert _values(q3, M.CHILDREN_SUPPORTED, M.FAMILIES_SUPPORTED) == [0, 0]
    assert _values(q4, M.CHILDREN_SUPPORTED, M.FAMILIES_SUPPORTED) == [1, 1]


def test_a_supervisor_counts_only_their_own_places(world: World) -> None:
    supervisor = Principal("sup", Role.SUPERVISOR, regions=(XORAZM,))

    q3 = _figures(world.url, Q3, supervisor, PlaceLevel.DISTRICT)

    assert [(p.place.region, p.place.district) for p in q3.places] == [(XORAZM, "Urganch shahri")]
    assert _values(q3.total, M.FLAGGED, M.CLOSED) == [1, 0]
    assert not q3.suppressed


def test_an_analyst_sees_small_counts_hidden_and_zeros_and_larger_counts_shown(
    world: World,
) -> None:
    q4 = _figures(world.url, Q4, ANALYST)

    # Closed in Q4: 0, 0 and 1 by region, 1 in total: the 1 and the total are hidden.
    closed = {p.place.region: p.counts[M.CLOSED] for p in q4.places}
    assert {r: (c.value if c else None) for r, c in closed.items()} == {
        SAMARQAND: 0,
        TOSHKENT: 0,
        XORAZM: None,
    }
    total = q4.total.counts[M.CLOSED]
    assert total is not None
    assert total.visibility is Visibility.SMALL
    assert q4.suppressed
    assert _values(q4.total, M.FLAGGED) == [5]


def test_a_rebuild_of_the_figures_equals_the_live_ones(world: World) -> None:
    result = check(event_store_env(world.url), "case_summary")

    assert result.matches, result.describe()


def test_the_figures_of_a_place_keep_to_it(world: World) -> None:
    q4 = _figures(world.url, Q4, place=FigurePlace(region=TOSHKENT), level=PlaceLevel.DISTRICT)

    assert _values(q4.total, M.FLAGGED, M.WORK_PLAN) == [3, 1]
