"""`GET /monitoring/export`: the figures as a CSV or XLSX download, behind the bearer check,
with the same suppression as `monitoringFigures`."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest
from openpyxl import load_workbook

from baxt.application.access.principal import Role
from baxt.config import Settings
from baxt.domain.quarter import Quarter
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.e2e.test_monitoring_api import _flag
from tests.serving import RunningServer, running_api


@pytest.fixture(scope="module")
def own_server(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url, data_dir=tmp_path_factory.mktemp("exp"), read_your_writes_timeout=10
        )
        with running_api(settings) as server:
            yield server


@pytest.fixture
async def http(own_server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with own_server.http() as client:
        yield client


def _bearer(server: RunningServer, role: Role) -> dict[str, str]:
    return {"authorization": f"Bearer {server.token(f'{role.value.lower()}.one', role)}"}


async def _download(
    http: httpx.AsyncClient, server: RunningServer, role: Role, **params: str
) -> httpx.Response:
    return await http.get("/monitoring/export", params=params, headers=_bearer(server, role))


async def test_an_analyst_downloads_suppressed_csv_and_an_auditor_exact_xlsx(
    http: httpx.AsyncClient, own_server: RunningServer
) -> None:
    quarter = str(Quarter.containing(datetime.now(UTC)))
    supervisor = GraphQLClient(http, own_server.token("supervisor.one", Role.SUPERVISOR))
    for mahalla in ["Bunyodkor"] * 5 + ["Qatortol"]:
        await _flag(supervisor, mahalla)

    answer = await _download(
        http, own_server, Role.ANALYST, quarter=quarter, level="MAHALLA", district="Chilonzor"
    )
    assert answer.status_code == 200, answer.text
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    flagged = {r["mahalla"]: r["shown"] for r in rows if r["measure"] == "FLAGGED"}
    assert flagged == {"Bunyodkor": "x", "Qatortol": "<5", "TOTAL": "6"}
    assert all(r["count"] == "" for r in rows if r["shown"] in {"x", "<5"})

    book_answer = await _download(
        http, own_server, Role.AUDITOR, quarter=quarter, level="MAHALLA", format="xlsx",
        language="ru", district="Chilonzor",
    )  # fmt: skip
    assert book_answer.status_code == 200
    book = load_workbook(io.BytesIO(book_answer.content))
    sheet = list(book["Figures"].iter_rows(min_row=2, values_only=True))
    exact = {r[3]: r[5] for r in sheet if r[4] == "FLAGGED"}
    assert exact == {"Bunyodkor": 5, "Qatortol": 1, "TOTAL": 6}
    names = {str(r[0]): r[1] for r in book["Definitions"].iter_rows(min_row=2, values_only=True)}
    assert names["FLAGGED"] == "Выявлены"


async def test_the_download_refuses_without_a_token_a_caseworker_and_a_bad_quarter(
    http: httpx.AsyncClient, own_server: RunningServer
) -> None:
    anonymous = await http.get("/monitoring/export", params={"quarter": "2026-Q3"})
    caseworker = await _download(http, own_server, Role.CASEWORKER, quarter="2026-Q3")
    bad = await _download(http, own_server, Role.AUDITOR, quarter="2026-Q5")
    wrong_format = await _download(http, own_server, Role.AUDITOR, quarter="2026-Q3", format="pdf")

    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert caseworker.status_code == 403
    assert caseworker.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert wrong_format.status_code == 400


async def test_the_csv_definitions_come_as_a_file_of_their_own(
    http: httpx.AsyncClient, own_server: RunningServer
) -> None:
    answer = await _download(
        http, own_server, Role.ANALYST, quarter="2026-Q3", part="definitions", language="en"
    )
    assert answer.status_code == 200
    names = {r["measure"]: r["name"] for r in csv.DictReader(io.StringIO(answer.text))}
    assert names["FLAGGED"] == "Flagged"
