"""The projection process stopped: every mutation answers the state it saved, and says the read
model's lag; once the projection runs again, the read model catches up with the answers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from baxt import bootstrap
from baxt.config import Settings
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.e2e.unprojected_server import UnprojectedServer, serving_unprojected
from tests.e2e.whole_story import flag_input, story
from tests.operations import mutation

FIELDS = """id status version contactAttempts childSeen closeReason visitScheduledAt updatedAt
  child { fullName } visits { visitedAt childSeen } needs { domain level }
  referrals { serviceCategory status }"""
CATCH_UP_SECONDS = 30


@pytest.fixture(scope="module")
def stopped(
    admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[UnprojectedServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(database_url=url, data_dir=tmp_path_factory.mktemp("stopped"))
        with serving_unprojected(settings) as running:
            yield running


@pytest.fixture
async def http(stopped: UnprojectedServer) -> AsyncIterator[httpx.AsyncClient]:
    async with stopped.server.http() as client:
        yield client


async def post(http: httpx.AsyncClient, token: str, query: str, **variables: Any) -> Any:
    body = (await GraphQLClient(http, token).post(query, variables)).json()
    assert "errors" not in body, body
    return body


async def mutate(http: httpx.AsyncClient, token: str, name: str, **fields: Any) -> Any:
    query = mutation(name, f"case {{ {FIELDS} }} userErrors {{ code message }}")
    body = await post(http, token, query, input=fields)
    assert body["data"][name]["userErrors"] == [], body
    return body


async def read_case(http: httpx.AsyncClient, token: str, case_id: str) -> Any:
    body = await post(
        http, token, f"query($id: ID!) {{ case(id: $id) {{ {FIELDS} }} }}", id=case_id
    )
    return body["data"]["case"]


async def test_flagging_a_new_child_returns_its_case_and_says_the_read_model_is_behind(
    http: httpx.AsyncClient, stopped: UnprojectedServer
) -> None:
    token = stopped.server.token()

    body = await mutate(http, token, "flagChild", **flag_input())

    case = body["data"]["flagChild"]["case"]
    assert (case["status"], case["version"]) == ("FLAGGED", 1)
    lag = body["extensions"]["readModel"]
    assert lag["name"] == "case_summary"
    assert lag["behindBy"] == lag["needed"] - lag["position"] >= 1
    assert await read_case(http, token, case["id"]) is None


async def test_a_visit_to_a_case_stored_but_not_projected_is_recorded(
    http: httpx.AsyncClient, stopped: UnprojectedServer
) -> None:
    token = stopped.server.token()
    flagged = await mutate(http, token, "flagChild", **flag_input())
    case_id = flagged["data"]["flagChild"]["case"]["id"]
    name, fields, _ = story(case_id)[1]

    body = await mutate(http, token, name, **fields)

    visited = body["data"]["recordVisit"]["case"]
    assert (visited["status"], visited["version"], visited["childSeen"]) == ("VISITED", 2, True)


async def test_every_mutation_answers_what_it_saved_and_the_read_model_catches_up_later(
    http: httpx.AsyncClient, stopped: UnprojectedServer
) -> None:
    token = stopped.server.token()
    flagged = await mutate(http, token, "flagChild", **flag_input())
    answered = [flagged["data"]["flagChild"]["case"]]
    for name, fields, status in story(answered[0]["id"]):
        body = await mutate(http, token, name, **fields)
        answered.append(body["data"][name]["case"])
        assert (answered[-1]["status"], answered[-1]["version"]) == (status, len(answered))
        assert body["extensions"]["readModel"]["behindBy"] >= 1
    reached = answered[1]
    assert (reached["status"], reached["contactAttempts"]) == ("CONTACTED", 1)

    with bootstrap.start_projections(stopped.runtime):
        shown = await _once_caught_up(http, token, answered[-1])

    assert shown == answered[-1]


async def _once_caught_up(http: httpx.AsyncClient, token: str, answered: Any) -> Any:
    """The case as a query shows it once it shows the answered version; fails after
    CATCH_UP_SECONDS."""
    deadline = time.monotonic() + CATCH_UP_SECONDS
    while time.monotonic() < deadline:
        shown = await read_case(http, token, answered["id"])
        if shown is not None and shown["version"] >= answered["version"]:
            return shown
        await asyncio.sleep(0.1)
    raise AssertionError(f"the read model did not catch up within {CATCH_UP_SECONDS}s")
