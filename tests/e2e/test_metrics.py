"""/metrics as Prometheus reads it: parsed with prometheus_client's own parser after real
requests to a server of its own (with the tests' roster, so urgent messages have recipients)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from baxt.application.access.principal import Role
from baxt.application.followers.states import FollowerState
from baxt.config import Settings
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import child_input, household_input, mutation
from tests.serving import RunningServer, running_api

ROSTER = Path(__file__).parent.parent / "integration" / "roster.csv"
IMPORT = "mutation($csv: String!) { importRoster(input: {csv: $csv}) { rejected { line } } }"
NAMED_FLAG = """mutation FlagChild($input: FlagChildInput!) {
  flagChild(input: $input) { case { id } userErrors { code } } }"""
SETTLE_SECONDS = 60.0
"""How long the notifier may take to write the outbox for what was just recorded."""


@pytest.fixture(scope="module")
def own_server(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path_factory.mktemp("metrics"),
            read_your_writes_timeout=10,
        )
        with running_api(settings) as server:
            yield server


@pytest.fixture
async def http(own_server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with own_server.http() as client:
        yield client


@pytest.fixture
def gql(http: httpx.AsyncClient, own_server: RunningServer) -> GraphQLClient:
    return GraphQLClient(http, own_server.token())


async def _samples(http: httpx.AsyncClient) -> list[Sample]:
    response = await http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return [
        sample
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    ]


def _value(samples: list[Sample], name: str, **labels: str) -> float:
    return sum(s.value for s in samples if s.name == name and labels.items() <= s.labels.items())


async def _flag(gql: GraphQLClient) -> str:
    given = {"child": child_input(child()), "household": household_input(household())}
    variables = {"input": {**given, "source": "MAHALLA_TEAM"}}
    body = (await gql.post(NAMED_FLAG, variables)).json()
    assert "errors" not in body, body
    case_id: str = body["data"]["flagChild"]["case"]["id"]
    return case_id


async def test_a_named_operation_is_timed_under_its_name_and_root_field(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    labels = {"operation": "FlagChild", "field": "flagChild"}
    before = _value(await _samples(http), "baxt_graphql_request_duration_seconds_count", **labels)

    await _flag(gql)

    after = await _samples(http)
    assert _value(after, "baxt_graphql_request_duration_seconds_count", **labels) == before + 1
    buckets = [s for s in after if s.name == "baxt_graphql_request_duration_seconds_bucket"]
    assert {s.labels["le"] for s in buckets} >= {"0.1", "1.0", "+Inf"}


async def test_an_operation_named_with_free_text_is_labelled_other(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    labels = {"operation": "other", "field": "__typename"}
    before = _value(await _samples(http), "baxt_graphql_request_duration_seconds_count", **labels)

    await gql.execute("query ShinxyeKim { __typename }")

    response = await http.get("/metrics")
    assert "ShinxyeKim" not in response.text
    after = [s for f in text_string_to_metric_families(response.text) for s in f.samples]
    assert _value(after, "baxt_graphql_request_duration_seconds_count", **labels) == before + 1


async def test_each_error_code_is_counted_with_its_kind(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    expected = [
        ("INVALID_PINFL", "user_error"),
        ("GRAPHQL_VALIDATION_FAILED", "error"),
        ("BAD_REQUEST", "error"),
        ("UNAUTHENTICATED", "error"),
    ]
    before = await _samples(http)
    bad_child = {**child_input(child()), "personalId": "12345"}
    flag = mutation("flagChild", "case { id } userErrors { code }")
    given = {
        "child": bad_child,
        "household": household_input(household()),
        "source": "MAHALLA_TEAM",
    }

    answered = await gql.post(flag, {"input": given})
    assert answered.json()["data"]["flagChild"]["userErrors"][0]["code"] == "INVALID_PINFL"
    await gql.post("{ noSuchField }")
    await http.post("/graphql", content=b"not json", headers=gql_headers(gql))
    await http.post("/graphql", json={"query": "{ __typename }"})

    after = await _samples(http)
    for code, kind in expected:
        was = _value(before, "baxt_errors_total", code=code, kind=kind)
        assert _value(after, "baxt_errors_total", code=code, kind=kind) == was + 1, code


def gql_headers(gql: GraphQLClient) -> dict[str, str]:
    return {"authorization": f"Bearer {gql.token}", "content-type": "application/json"}


async def test_every_follower_shows_its_lag_and_exactly_one_state(
    http: httpx.AsyncClient,
) -> None:
    followers = {f["name"] for f in (await http.get("/readyz")).json()["followers"]}
    samples = await _samples(http)

    assert followers
    assert _value(samples, "baxt_metrics_database_up") == 1
    for name in followers:
        states = [
            s for s in samples if s.name == "baxt_follower_state" and s.labels["follower"] == name
        ]
        assert {s.labels["state"] for s in states} == {state.value for state in FollowerState}
        assert sum(s.value for s in states) == 1, name
        assert any(
            s.name == "baxt_follower_lag_events" and s.labels == {"follower": name} for s in samples
        )


async def test_the_outbox_shows_an_urgent_message_waiting_and_its_age(
    http: httpx.AsyncClient, gql: GraphQLClient, own_server: RunningServer
) -> None:
    admin = GraphQLClient(http, own_server.token("admin", Role.ADMIN))
    await admin.execute(IMPORT, {"csv": ROSTER.read_text(encoding="utf-8")})
    before = _value(await _samples(http), "baxt_outbox_messages", status="PENDING")
    case_id = await _flag(gql)

    visit = mutation("recordVisit", "case { id } userErrors { code }")
    an_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    given = {"caseId": case_id, "visitedAt": an_hour_ago, "childSeen": True}
    seen = {**given, "guardianPresent": True, "safetyConcern": True}
    assert (await gql.execute(visit, {"input": seen}))["recordVisit"]["userErrors"] == []

    samples = await _samples(http)
    deadline = time.monotonic() + SETTLE_SECONDS
    while _value(samples, "baxt_outbox_messages", status="PENDING") <= before:
        assert time.monotonic() < deadline, "the notifier wrote no urgent message"
        await asyncio.sleep(0.2)
        samples = await _samples(http)
    assert _value(samples, "baxt_outbox_oldest_pending_urgent_seconds") > 0
    statuses = {s.labels["status"] for s in samples if s.name == "baxt_outbox_messages"}
    assert statuses == {"PENDING", "RETRYING", "SENT", "DEAD"}


async def test_webhook_deliveries_are_shown_by_every_status(http: httpx.AsyncClient) -> None:
    samples = await _samples(http)

    statuses = {s.labels["status"] for s in samples if s.name == "baxt_webhook_deliveries"}
    assert statuses == {"PENDING", "RETRYING", "DELIVERED", "FAILED", "DEAD"}


async def test_a_sane_request_id_is_answered_back_and_any_other_replaced(
    http: httpx.AsyncClient,
) -> None:
    given = f"req-{uuid.uuid4()}"

    assert (await http.get("/healthz", headers={"x-request-id": given})).headers[
        "x-request-id"
    ] == given
    for bad in ("12345678901234", "has spaces", "x" * 200):
        answered = (await http.get("/healthz", headers={"x-request-id": bad})).headers
        assert str(uuid.UUID(answered["x-request-id"])) == answered["x-request-id"]
    fresh = (await http.get("/healthz")).headers["x-request-id"]
    assert uuid.UUID(fresh).version == 4
