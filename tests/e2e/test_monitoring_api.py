"""The monitoring figures through the API: supervisors count their own places exactly,
analysts everywhere with small counts hidden, caseworkers not at all."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from baxt.application.access.principal import Role
from baxt.config import Settings
from baxt.domain.quarter import Quarter
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.factories import child
from tests.operations import child_input, mutation
from tests.serving import RunningServer, running_api

FLAG = mutation("flagChild", "case { id } userErrors { code }")
FIGURES = """query($q: String!, $level: PlaceLevel!) {
  monitoringFigures(quarter: $q, level: $level, district: "Chilonzor") {
    suppressed smallCountThreshold
    places { mahalla counts { measure count { value shown suppressed } } }
    total { counts { measure count { value shown } } }
  } }"""


@pytest.fixture(scope="module")
def own_server(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url, data_dir=tmp_path_factory.mktemp("mon"), read_your_writes_timeout=10
        )
        with running_api(settings) as server:
            yield server


@pytest.fixture
async def http(own_server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with own_server.http() as client:
        yield client


def _as(http: httpx.AsyncClient, server: RunningServer, role: Role, **scope: Any) -> GraphQLClient:
    return GraphQLClient(http, server.token(f"{role.value.lower()}.one", role, scope or None))


async def _flag(gql: GraphQLClient, mahalla: str, district: str = "Chilonzor") -> None:
    """Flags a child there; each test flags in places of its own, so none counts another's."""
    household = {
        "guardianName": "Karimova Dilnoza",
        "guardianPhone": "+998901234567",
        "region": "Toshkent shahri",
        "district": district,
        "mahalla": mahalla,
    }
    answer = await gql.execute(
        FLAG,
        {
            "input": {
                "child": child_input(child()),
                "household": household,
                "source": "MAHALLA_TEAM",
            }
        },
    )
    assert answer["flagChild"]["userErrors"] == []


def _flagged(row: dict[str, Any]) -> dict[str, Any]:
    return next(c["count"] for c in row["counts"] if c["measure"] == "FLAGGED")


@pytest.fixture(scope="module")
def quarter() -> str:
    return str(Quarter.containing(datetime.now(UTC)))


async def test_the_figures_show_supervisors_exact_counts_and_analysts_suppressed_ones(
    http: httpx.AsyncClient, own_server: RunningServer, quarter: str
) -> None:
    supervisor = _as(http, own_server, Role.SUPERVISOR)
    for mahalla in ["Bunyodkor"] * 5 + ["Qatortol"]:
        await _flag(supervisor, mahalla)
    variables = {"q": quarter, "level": "MAHALLA"}

    exact = (await supervisor.execute(FIGURES, variables))["monitoringFigures"]
    hidden = (await _as(http, own_server, Role.ANALYST).execute(FIGURES, variables))[
        "monitoringFigures"
    ]

    assert exact["suppressed"] is False
    assert {p["mahalla"]: _flagged(p)["value"] for p in exact["places"]} == {
        "Bunyodkor": 5,
        "Qatortol": 1,
    }
    assert hidden["suppressed"] is True
    assert hidden["smallCountThreshold"] == 5
    # Qatortol's 1 is small; the total 6 would give it away beside Bunyodkor's 5, so 5 hides.
    assert {p["mahalla"]: _flagged(p) for p in hidden["places"]} == {
        "Bunyodkor": {"value": None, "shown": "x", "suppressed": True},
        "Qatortol": {"value": None, "shown": "<5", "suppressed": True},
    }
    assert _flagged(hidden["total"]) == {"value": 6, "shown": "6"}


async def test_a_supervisor_elsewhere_counts_none_of_another_districts_children(
    http: httpx.AsyncClient, own_server: RunningServer, quarter: str
) -> None:
    elsewhere = _as(http, own_server, Role.SUPERVISOR, districts=["Yunusobod"])
    await _flag(_as(http, own_server, Role.SUPERVISOR), "Navbahor", "Urgut")

    figures = await elsewhere.execute(FIGURES, {"q": quarter, "level": "DISTRICT"})

    assert figures["monitoringFigures"]["places"] == []
    assert _flagged(figures["monitoringFigures"]["total"])["value"] == 0


async def test_a_caseworker_is_refused_the_figures_and_a_bad_quarter_is_bad_input(
    http: httpx.AsyncClient, own_server: RunningServer, quarter: str
) -> None:
    caseworker = _as(http, own_server, Role.CASEWORKER)
    auditor = _as(http, own_server, Role.AUDITOR)

    refused = (await caseworker.post(FIGURES, {"q": quarter, "level": "REGION"})).json()
    bad = (await auditor.post(FIGURES, {"q": "2026-Q5", "level": "REGION"})).json()

    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_quarters_with_figures_are_listed_newest_first(
    http: httpx.AsyncClient, own_server: RunningServer, quarter: str
) -> None:
    await _flag(_as(http, own_server, Role.SUPERVISOR), "Navbahor", "Urgut")

    answer = await _as(http, own_server, Role.AUDITOR).execute("{ monitoringQuarters }")

    assert answer["monitoringQuarters"] == [quarter]
