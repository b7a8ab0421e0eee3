"""Partners manage their webhook endpoints over the API, each only its own organisation's, and
read and replay their delivery log; a referral made over the API reaches their endpoint."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from baxt import bootstrap
from baxt.application.access.principal import Role
from baxt.cli.common import running_workers
from tests.e2e.client import GraphQLClient
from tests.factories import child, hours_ago
from tests.operations import PLAN, child_input, run
from tests.serving import RunningServer
from tests.webhook_receiver import webhook_receiver

ENDPOINT = "endpoint { id organisationId url description eventTypes enabled disabledReason }"
REGISTER = f"""mutation($input: RegisterWebhookEndpointInput!) {{
  registerWebhookEndpoint(input: $input) {{ secret {ENDPOINT} userErrors {{ field code }} }} }}"""
ROTATE = f"""mutation($id: ID!) {{ rotateWebhookSecret(input: {{endpointId: $id}}) {{
  secret {ENDPOINT} userErrors {{ field code }} }} }}"""
DISABLE = f"""mutation($id: ID!) {{ disableWebhookEndpoint(input: {{endpointId: $id}}) {{
  {ENDPOINT} userErrors {{ field code }} }} }}"""
LIST = "query($org: String) { webhookEndpoints(organisationId: $org) { id url enabled } }"
DELIVERIES = """query($endpoint: ID) { webhookDeliveries(endpointId: $endpoint, first: 10) {
  edges { node { id eventType referralId status attempts { number httpStatus outcome } } } } }"""
REPLAY = """mutation($id: ID!) { replayWebhookDelivery(input: {deliveryId: $id}) {
  delivery { id status } userErrors { code } } }"""


@pytest.fixture
def following(server: RunningServer) -> Iterator[None]:
    """The webhook follower and an in-process worker, beside the server's own projections."""
    settings = server.settings.model_copy(
        update={"webhook_retry_base_seconds": 0.05, "webhook_retry_max_seconds": 0.2}
    )
    runtime = bootstrap.Runtime(settings, server.database_url)
    with bootstrap.start_webhook_follower(runtime), running_workers(runtime, True):
        yield


def _partner(http: httpx.AsyncClient, server: RunningServer, org: str) -> GraphQLClient:
    return GraphQLClient(http, server.token(f"user.{org}", Role.PARTNER, scope={"org": org}))


def _as(http: httpx.AsyncClient, server: RunningServer, role: Role) -> GraphQLClient:
    return GraphQLClient(http, server.token(f"someone.{role.value.lower()}", role))


async def _register(client: GraphQLClient, **input_fields: Any) -> dict[str, Any]:
    answer = await client.execute(REGISTER, {"input": input_fields})
    payload: dict[str, Any] = answer["registerWebhookEndpoint"]
    return payload


async def test_a_partner_registers_an_endpoint_and_sees_its_secret_once(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    partner = _partner(http, server, "org.e2e.once")
    made = await _register(partner, url="https://hooks.hayot.uz/a", eventTypes=["REFERRAL_CREATED"])

    assert made["userErrors"] == []
    assert made["secret"].startswith("whsec_")
    assert made["endpoint"]["organisationId"] == "org.e2e.once"
    assert made["endpoint"]["eventTypes"] == ["REFERRAL_CREATED"]
    listed = (await partner.post(LIST)).text
    assert made["endpoint"]["id"] in listed
    assert made["secret"] not in listed


async def test_another_organisation_s_endpoint_is_not_found(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    owner, other = _partner(http, server, "org.e2e.own"), _partner(http, server, "org.e2e.other")
    endpoint_id = (await _register(owner, url="https://hooks.hayot.uz/b"))["endpoint"]["id"]

    for query in (ROTATE, DISABLE):
        payload = next(iter((await other.execute(query, {"id": endpoint_id})).values()))
        assert payload["endpoint"] is None
        assert [e["code"] for e in payload["userErrors"]] == ["NOT_FOUND"]
    assert (await other.execute(LIST, {"org": "org.e2e.own"}))["webhookEndpoints"] == []
    answer = (await other.post(DELIVERIES, {"endpoint": endpoint_id})).json()
    assert [e["extensions"]["code"] for e in answer["errors"]] == ["NOT_FOUND"]


async def test_rotating_gives_a_new_secret_and_disabling_stops_the_endpoint(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    partner = _partner(http, server, "org.e2e.rotate")
    made = await _register(partner, url="https://hooks.hayot.uz/c")
    endpoint_id = made["endpoint"]["id"]

    rotated = (await partner.execute(ROTATE, {"id": endpoint_id}))["rotateWebhookSecret"]
    disabled = (await partner.execute(DISABLE, {"id": endpoint_id}))["disableWebhookEndpoint"]

    assert rotated["secret"].startswith("whsec_")
    assert rotated["secret"] != made["secret"]
    assert disabled["endpoint"]["enabled"] is False
    assert disabled["endpoint"]["disabledReason"] == "disabled by user.org.e2e.rotate"


@pytest.mark.parametrize(
    ("role", "input_fields", "code"),
    [
        (Role.ADMIN, {"url": "https://hooks.hayot.uz/d"}, "ORGANISATION_REQUIRED"),
        (Role.ADMIN, {"url": "hooks.hayot.uz", "organisationId": "o"}, "INVALID_URL"),
        (Role.ADMIN, {"url": "https://x.uz", "organisationId": "o", "eventTypes": []}, None),
    ],
)
async def test_bad_input_answers_a_user_error_with_a_stable_code(
    http: httpx.AsyncClient,
    server: RunningServer,
    role: Role,
    input_fields: dict[str, Any],
    code: str | None,
) -> None:
    payload = await _register(_as(http, server, role), **input_fields)
    codes = [e["code"] for e in payload["userErrors"]]
    assert codes == ([code] if code else ["INVALID_INPUT"])
    assert payload["secret"] is None


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR, Role.ANALYST])
async def test_roles_other_than_partners_and_admins_may_not_manage_webhooks(
    http: httpx.AsyncClient, server: RunningServer, role: Role
) -> None:
    answer = (await _as(http, server, role).post(LIST)).json()
    assert [e["extensions"]["code"] for e in answer["errors"]] == ["FORBIDDEN"]


async def test_a_referral_over_the_api_reaches_the_partner_and_can_be_replayed(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient, following: None
) -> None:
    admin = _as(http, server, Role.ADMIN)
    org = await _organisation(admin)
    partner = _partner(http, server, org)
    with webhook_receiver() as receiver:
        made = await _register(partner, url=receiver.url)
        receiver.secret = made["secret"]
        await _refer(gql, org)
        delivery = await _settled(partner)
        replayed = await partner.execute(REPLAY, {"id": delivery["id"]})
        again = await _settled(partner)

    assert delivery["eventType"] == "REFERRAL_CREATED"
    assert delivery["attempts"] == [{"number": 1, "httpStatus": 200, "outcome": "DELIVERED"}]
    assert replayed["replayWebhookDelivery"]["userErrors"] == []
    assert again["id"] == delivery["id"]
    assert [a["number"] for a in again["attempts"]] == [1, 2]
    assert receiver.posts == [delivery["id"], delivery["id"]]
    assert list(receiver.processed) == [delivery["id"]]


async def _organisation(admin: GraphQLClient) -> str:
    query = """mutation($input: SaveOrganisationInput!) { saveOrganisation(input: $input) {
      organisation { id } userErrors { code message } } }"""
    answer = await admin.execute(query, {"input": {"name": "Hayot e2e", "kind": "NGO"}})
    payload = answer["saveOrganisation"]
    assert payload["userErrors"] == [], payload
    organisation_id: str = payload["organisation"]["id"]
    return organisation_id


async def _refer(gql: GraphQLClient, org: str) -> None:
    given = child_input(child())
    home = {"guardianName": "Karimova Dilnoza", "guardianPhone": "+998901234567",
            "region": "Toshkent shahri", "district": "Chilonzor",
            "mahalla": "Bunyodkor"}  # fmt: skip
    flagged = await gql.mutate("flagChild", child=given, household=home, source="MAHALLA_TEAM")
    case_id = flagged["case"]["id"]
    steps: list[tuple[str, dict[str, Any]]] = [
        ("recordVisit", {"visitedAt": hours_ago(1).isoformat(), "childSeen": True,
                         "guardianPresent": True}),
        ("recordConsultation", {"needs": [{"domain": "HEALTH", "level": "HIGH"}], "plan": PLAN}),
        ("recordConsent", {"organisationId": org}),
        ("referCase", {"serviceCategory": "HEALTH", "provider": "Hayot", "reason": "check-up",
                       "consentGiven": True, "organisationId": org}),
    ]  # fmt: skip
    for name, fields in steps:
        answer = await run(gql, name, {"caseId": case_id, **fields}, "userErrors { code }")
        assert answer["userErrors"] == [], (name, answer)


async def _settled(partner: GraphQLClient) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        edges = (await partner.execute(DELIVERIES))["webhookDeliveries"]["edges"]
        if edges and edges[0]["node"]["status"] == "DELIVERED":
            node: dict[str, Any] = edges[0]["node"]
            return node
        await asyncio.sleep(0.1)
    raise AssertionError("the delivery did not settle")
