"""With no projection running at all, every mutation of a child's whole story answers, at
once, the status and version it saved, and says how far the read model is behind."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from baxt.application.access.principal import Role
from baxt.config import Settings
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.e2e.unprojected_server import UnprojectedServer, serving_unprojected
from tests.e2e.whole_story import flag_input, story
from tests.operations import mutation
from tests.serving import RunningServer

CASEWORKER = "cw.unprojected"
SHOWN = "case { id status version caseworker } userErrors { field message code }"
STAFF = mutation("saveStaffMember", "userErrors { code }")


@pytest.fixture(scope="module")
def unprojected(
    admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[UnprojectedServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(database_url=url, data_dir=tmp_path_factory.mktemp("unprojected"))
        with serving_unprojected(settings) as running:
            yield running


@pytest.fixture
async def http(unprojected: UnprojectedServer) -> AsyncIterator[httpx.AsyncClient]:
    async with unprojected.server.http() as client:
        yield client


async def mutate(
    http: httpx.AsyncClient, token: str, name: str, **input_fields: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The mutation's payload, and the response's extensions; fails on any GraphQL error."""
    body = (
        await GraphQLClient(http, token).post(mutation(name, SHOWN), {"input": input_fields})
    ).json()
    assert "errors" not in body, body
    assert body["data"][name]["userErrors"] == [], body
    return body["data"][name], body.get("extensions", {})


async def put_on_the_roster(http: httpx.AsyncClient, server: RunningServer) -> None:
    member = {
        "userId": CASEWORKER,
        "fullName": "Unprojected Caseworker",
        "role": "CASEWORKER",
        "region": "Toshkent shahri",
        "district": "Chilonzor",
    }
    token = server.token("admin.unprojected", Role.ADMIN)
    response = await GraphQLClient(http, token).post(STAFF, {"input": member})
    assert response.json()["data"]["saveStaffMember"]["userErrors"] == []


async def test_every_mutation_of_a_whole_story_answers_the_status_and_version_it_saved(
    http: httpx.AsyncClient, unprojected: UnprojectedServer
) -> None:
    server = unprojected.server
    token = server.token()
    flagged, notes = await mutate(http, token, "flagChild", **flag_input())
    case_id = flagged["case"]["id"]
    answers = [(flagged["case"], notes)]
    for name, input_fields, _ in story(case_id):
        payload, notes = await mutate(http, token, name, **input_fields)
        answers.append((payload["case"], notes))
    await put_on_the_roster(http, server)
    supervisor = server.token("sup.unprojected", Role.SUPERVISOR)
    assigned, notes = await mutate(
        http, supervisor, "assignCase", caseId=case_id, caseworker=CASEWORKER
    )
    answers.append((assigned["case"], notes))

    statuses = ["FLAGGED", *(status for _, _, status in story(case_id)), "FLAGGED"]
    shown = [(case["status"], case["version"]) for case, _ in answers]
    assert shown == [(status, n) for n, status in enumerate(statuses, start=1)]
    assert assigned["case"]["caseworker"] == CASEWORKER
    assert all(notes["readModel"]["name"] == "case_summary" for _, notes in answers)
    assert all(notes["readModel"]["behindBy"] >= 1 for _, notes in answers)
