"""`publishedFigureSources` through the API: an auditor reads the cases behind a published
count, in pages, each read written to the access log; no other role may ask."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from baxt.application.access.principal import Role
from baxt.cli import main
from baxt.config import Settings
from baxt.domain.quarter import Quarter
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.factories import child
from tests.operations import child_input, mutation
from tests.serving import RunningServer, running_api

FLAG = mutation("flagChild", "case { id } userErrors { code }")
SOURCES = """query($q: String!, $after: String) {
  publishedFigureSources(quarter: $q, measure: FLAGGED, first: 1, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { caseId versions positions }
  } }"""
ACCESS = "query($id: ID!) { caseAccessLog(id: $id) { nodes { actor operation fields } } }"
HOME = {
    "guardianName": "Karimova Dilnoza",
    "guardianPhone": "+998901234567",
    "region": "Toshkent shahri",
    "district": "Chilonzor",
    "mahalla": "Bunyodkor",
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sources")


@pytest.fixture(scope="module")
def own_server(admin_url: str, data_dir: Path) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(database_url=url, data_dir=data_dir, read_your_writes_timeout=10)
        with running_api(settings) as server:
            yield server


@pytest.fixture
async def http(own_server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with own_server.http() as client:
        yield client


def _as(http: httpx.AsyncClient, server: RunningServer, role: Role) -> GraphQLClient:
    scope: dict[str, object] | None = (
        {"mahallas": ["Bunyodkor"]} if role is Role.CASEWORKER else None
    )
    return GraphQLClient(http, server.token(f"{role.value.lower()}.one", role, scope))


@pytest.fixture(scope="module")
def quarter() -> str:
    return str(Quarter.containing(datetime.now(UTC)))


def _publish(server: RunningServer, data_dir: Path, quarter: str) -> None:
    env = {"BAXT_DATABASE_URL": server.settings.database_url, "BAXT_DATA_DIR": str(data_dir)}
    published = CliRunner().invoke(main, ["figures", "publish", quarter], env=env)
    assert published.exit_code == 0, published.output


async def test_an_auditor_pages_through_the_cases_behind_a_published_count_each_logged(
    http: httpx.AsyncClient, own_server: RunningServer, data_dir: Path, quarter: str
) -> None:
    caseworker, auditor = (_as(http, own_server, r) for r in (Role.CASEWORKER, Role.AUDITOR))
    flagged = []
    for _ in range(2):
        flag = {"child": child_input(child()), "household": HOME, "source": "MAHALLA_TEAM"}
        variables = {"input": flag}
        answer = await caseworker.execute(FLAG, variables)
        flagged.append(answer["flagChild"]["case"]["id"])
    _publish(own_server, data_dir, quarter)

    first = (await auditor.execute(SOURCES, {"q": quarter}))["publishedFigureSources"]
    after = first["pageInfo"]["endCursor"]
    second = (await auditor.execute(SOURCES, {"q": quarter, "after": after}))[
        "publishedFigureSources"
    ]

    assert first["totalCount"] == 2
    assert first["pageInfo"]["hasNextPage"]
    assert not second["pageInfo"]["hasNextPage"]
    shown = [n for page in (first, second) for n in page["nodes"]]
    assert sorted(n["caseId"] for n in shown) == sorted(flagged)
    assert all(n["versions"][0] == 1 for n in shown)  # the flag that opened each case
    for node in shown:
        log = (await auditor.execute(ACCESS, {"id": node["caseId"]}))["caseAccessLog"]["nodes"]
        assert {"actor": "auditor.one", "operation": "publishedFigureSources"} in [
            {k: e[k] for k in ("actor", "operation")} for e in log
        ]


async def test_a_caseworker_may_not_ask_what_stands_behind_a_number(
    http: httpx.AsyncClient, own_server: RunningServer, quarter: str
) -> None:
    response = await _as(http, own_server, Role.CASEWORKER).post(SOURCES, {"q": quarter})

    body: dict[str, Any] = response.json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body.get("data") is None
