"""The security findings of the outside test, each pinned over real HTTP.

- The bearer check decides on the parsed request: no spelling of `query` passes for a page.
- An operation that could read too much is refused before it runs, and logs no read.
- One access-log row per case per request, however many fields showed the case.
- A cursor the server did not issue is BAD_USER_INPUT in every connection of the schema.
- Relay: `first` with `before` takes the front of what lies before the cursor.
- In production, a webhook URL that names an internal host in any spelling is refused.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from graphql import GraphQLObjectType, is_required_argument

from baxt.application.access.principal import Role
from baxt.config import Settings
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.e2e.schema_walk import GRAPHQL, minimal_value
from tests.factories import child, household
from tests.operations import child_input, household_input, mutation
from tests.serving import RunningServer, running_api

AUDITOR = ("sec.auditor", Role.AUDITOR)
CASEWORKER = ("sec.caseworker", Role.CASEWORKER)
PARTNER_ORG = "org.security.findings"
SMUGGLED = [
    "%71uery={organisations{id name}}",
    "q%75ery=%7Borganisations%7Bid%20name%7D%7D",
    "query=&query={organisations{id name}}",
    "x=1&query={organisations{id name}}",
    "query={organisations{id name}}",
]


@pytest.fixture(scope="module")
def production(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url, data_dir=tmp_path_factory.mktemp("findings"), environment="production"
        )
        with running_api(settings) as server:
            yield server


@pytest.fixture
async def prod_http(production: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with production.http() as client:
        yield client


def _as(http: httpx.AsyncClient, server: RunningServer, who: tuple[str, Role]) -> GraphQLClient:
    return GraphQLClient(http, server.token(*who))


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def _flag(gql: GraphQLClient, name: str) -> dict[str, Any]:
    kid, h = child(name=name), household()
    payload = await gql.mutate(
        "flagChild",
        child=child_input(kid),
        household=household_input(h),
        source="MAHALLA_TEAM",
    )
    assert payload["userErrors"] == [], payload
    case: dict[str, Any] = payload["case"]
    return case


@pytest.mark.parametrize("query_string", SMUGGLED)
async def test_no_spelling_of_a_query_reads_data_without_a_token(
    http: httpx.AsyncClient, query_string: str
) -> None:
    answer = await http.get(f"/graphql?{query_string}", headers={"Accept": "text/html"})

    assert answer.status_code == 401
    assert _codes(answer.json()) == ["UNAUTHENTICATED"]
    assert "organisations" not in answer.text


@pytest.mark.parametrize("query_string", [*SMUGGLED, ""])
async def test_in_production_nothing_passes_without_a_token(
    prod_http: httpx.AsyncClient, query_string: str
) -> None:
    answer = await prod_http.get(f"/graphql?{query_string}", headers={"Accept": "text/html"})

    assert answer.status_code == 401
    assert "organisations" not in answer.text


async def test_a_semicolon_smuggles_no_query_past_the_check(http: httpx.AsyncClient) -> None:
    answer = await http.get(
        "/graphql?a=1;query={organisations{id name}}", headers={"Accept": "text/html"}
    )

    assert answer.status_code == 200
    assert "graphiql" in answer.text.lower()
    assert '"organisations"' not in answer.text


async def _access_rows(auditor: GraphQLClient, case_id: str) -> list[dict[str, Any]]:
    query = """query($id: ID!) { caseAccessLog(id: $id, first: 100) {
      nodes { actor operation fields } } }"""
    rows: list[dict[str, Any]] = (await auditor.execute(query, {"id": case_id}))["caseAccessLog"][
        "nodes"
    ]
    return rows


async def test_thirty_aliased_pages_of_histories_are_refused_and_log_no_read(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    auditor = _as(http, server, AUDITOR)
    case = await _flag(_as(http, server, CASEWORKER), "Nodira Qodirova")
    before = await _access_rows(auditor, case["id"])
    page = "cases(first: 100) { edges { node { id history(first: 100) { nodes { data } } } } }"
    attack = "{ " + " ".join(f"a{n}: {page}" for n in range(30)) + " }"

    body = (await auditor.post(attack)).json()

    assert body["data"] is None
    assert _codes(body) == ["QUERY_TOO_COSTLY"]
    assert await _access_rows(auditor, case["id"]) == before


async def test_a_case_shown_by_many_fields_of_one_request_is_logged_once(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    caseworker = _as(http, server, CASEWORKER)
    auditor = _as(http, server, AUDITOR)
    case = await _flag(caseworker, f"Dilfuza Logxona {secrets.token_hex(3)}")
    before = await _access_rows(auditor, case["id"])
    aliases = " ".join(f"a{n}: case(id: $id) {{ id status }}" for n in range(20))
    query = f"""query($id: ID!, $name: String) {{ {aliases}
      named: case(id: $id) {{ child {{ fullName }} }}
      listed: cases(first: 100, filter: {{search: $name}}) {{ nodes {{ id version }} }} }}"""

    await caseworker.execute(query, {"id": case["id"], "name": case["child"]["fullName"]})
    after = await _access_rows(auditor, case["id"])

    assert len(after) == len(before) + 1
    assert after[0] == {
        "actor": CASEWORKER[0],
        "operation": "case, cases",
        "fields": ["child.fullName", "id", "status", "version"],
    }


def _connection_fields() -> list[tuple[str, str]]:
    """Every field of the schema that takes a cursor, as (type, field)."""
    found = []
    for named in GRAPHQL.type_map.values():
        if isinstance(named, GraphQLObjectType) and not named.name.startswith("__"):
            for name, field in named.fields.items():
                if {"after", "before"} & set(field.args):
                    found.append((named.name, name))
    return sorted(found)


PATHS = {"Query": "{}", "Case": "case(id: $case) {{ {} }}"}
"""How a query reaches a field of each type that has a connection."""
READERS = [
    AUDITOR,
    CASEWORKER,
    ("sec.admin", Role.ADMIN),
    ("sec.partner", Role.PARTNER),
    ("sec.supervisor", Role.SUPERVISOR),
]
NOT_OURS = {
    "superscript-two": base64.urlsafe_b64encode("²".encode()).decode(),
    "five-thousand-digits": "9" * 5000,
    "base64-of-many-digits": base64.urlsafe_b64encode(b"9" * 40).decode(),
    "not-base64": "not a cursor!",
    "base64-of-garbage": base64.urlsafe_b64encode(bytes(range(200, 256))).decode(),
    "unpadded": base64.urlsafe_b64encode(b"12").decode().rstrip("="),
    "nul": base64.urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|\x00").decode(),
    "naive-time-and-no-uuid": base64.urlsafe_b64encode(b"2026-01-01T00:00:00|x").decode(),
    "nul-character": "\x00",
    "lone-surrogate": "\ud800",
}


def test_the_walk_finds_every_known_connection() -> None:
    known = {("Query", "cases"), ("Case", "history"), ("Query", "caseChanges")}
    known |= {("Query", "caseAccessLog"), ("Query", "services"), ("Query", "partnerReferrals")}
    found = set(_connection_fields())

    assert known <= found
    assert {kind for kind, _ in found} <= PATHS.keys(), "say how to reach the new connection"


def _cursor_query(kind: str, name: str, argument: str) -> tuple[str, dict[str, Any]]:
    owner = GRAPHQL.get_type(kind)
    assert isinstance(owner, GraphQLObjectType)
    field = owner.fields[name]
    required = {a: arg.type for a, arg in field.args.items() if is_required_argument(arg)}
    given = ", ".join([f"{a}: ${a}" for a in required] + [f"{argument}: $cursor"])
    declared = ", ".join([f"${a}: {t}" for a, t in required.items()] + ["$cursor: String"])
    if kind == "Case":
        declared += ", $case: ID!"
    call = PATHS[kind].format(f"{name}({given}) {{ __typename }}")
    variables = {a: minimal_value(t) for a, t in required.items()}
    return f"query({declared}) {{ {call} }}", variables


@pytest.fixture(scope="module")
def cursor_case(server: RunningServer) -> str:
    """A case every reader below may reach, for the connections that need one."""
    kid, h = child(name="Sevara Kursorova"), household()
    given = {
        "child": child_input(kid),
        "household": household_input(h),
        "source": "MAHALLA_TEAM",
    }
    flag = mutation("flagChild", "case { id }")
    answer = httpx.post(
        f"{server.url}/graphql",
        json={"query": flag, "variables": {"input": given}},
        headers={"Authorization": f"Bearer {server.token(*CASEWORKER)}"},
        timeout=30,
    ).json()
    case_id: str = answer["data"]["flagChild"]["case"]["id"]
    return case_id


def _reader_token(server: RunningServer, who: tuple[str, Role]) -> str:
    return server.token(*who, scope={"org": PARTNER_ORG} if who[1] is Role.PARTNER else None)


@pytest.mark.parametrize("cursor", NOT_OURS.values(), ids=NOT_OURS.keys())
@pytest.mark.parametrize("connection", _connection_fields(), ids=".".join)
async def test_a_cursor_the_server_did_not_issue_is_bad_user_input_everywhere(
    http: httpx.AsyncClient,
    server: RunningServer,
    cursor_case: str,
    connection: tuple[str, str],
    cursor: str,
) -> None:
    kind, name = connection
    owner = GRAPHQL.get_type(kind)
    assert isinstance(owner, GraphQLObjectType)
    codes: dict[str, list[str]] = {}
    for argument in ("after", "before"):
        if argument not in owner.fields[name].args:
            continue
        query, variables = _cursor_query(kind, name, argument)
        variables |= {"cursor": cursor, "case": cursor_case}
        if "id" in variables:
            variables["id"] = cursor_case
        for who in READERS:
            # escaped by json.dumps, so a lone surrogate reaches the server as JSON sends it
            content = json.dumps({"query": query, "variables": variables}).encode()
            headers = {
                "authorization": f"Bearer {_reader_token(server, who)}",
                "content-type": "application/json",
            }
            body = (await http.post("/graphql", content=content, headers=headers)).json()
            codes[f"{argument} as {who[1].value}"] = _codes(body)

    assert not any("INTERNAL_SERVER_ERROR" in found for found in codes.values()), codes
    assert any("BAD_USER_INPUT" in found for found in codes.values()), codes


async def test_first_with_before_takes_the_front_of_what_lies_before_the_cursor(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    caseworker = _as(http, server, CASEWORKER)
    family = f"Relayova {secrets.token_hex(3)}"
    for n in range(5):
        await _flag(caseworker, f"{family} {'abcde'[n]}")
    page = """query($name: String, $first: Int, $last: Int, $before: String) {
      cases(filter: {search: $name}, first: $first, last: $last, before: $before) {
        pageInfo { hasNextPage hasPreviousPage } edges { cursor node { id } } } }"""

    async def cases(**arguments: Any) -> dict[str, Any]:
        answer = await caseworker.execute(page, {"name": family, **arguments})
        found: dict[str, Any] = answer["cases"]
        return found

    everything = [edge["node"]["id"] for edge in (await cases(first=10))["edges"]]
    cursor = (await cases(first=10))["edges"][3]["cursor"]
    first_two = await cases(first=2, before=cursor)
    last_two = await cases(last=2, before=cursor)

    assert len(everything) == 5
    assert [e["node"]["id"] for e in first_two["edges"]] == everything[:2]
    assert first_two["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": False}
    assert [e["node"]["id"] for e in last_two["edges"]] == everything[1:3]
    assert last_two["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": True}


INTERNAL_HOSTS = [
    "https://127.1/",
    "https://2130706433/",
    "https://0x7f000001/",
    "https://0x7f.1/",
    "https://LOCALHOST./",
    "https://metadata.google.internal/computeMetadata/v1/",
    "https://[::ffff:127.0.0.1]/",
    "https://169.254.169.254/",
]


@pytest.mark.parametrize("url", INTERNAL_HOSTS)
async def test_production_refuses_a_webhook_url_naming_an_internal_host(
    prod_http: httpx.AsyncClient, production: RunningServer, url: str
) -> None:
    token = production.issuer.issue("sec.partner", Role.PARTNER, hours=1, scope={"org": "org.x"})
    mutation = """mutation($input: RegisterWebhookEndpointInput!) {
      registerWebhookEndpoint(input: $input) { secret userErrors { field code } } }"""

    answer = await GraphQLClient(prod_http, token).execute(mutation, {"input": {"url": url}})

    payload = answer["registerWebhookEndpoint"]
    assert payload["secret"] is None
    assert [e["code"] for e in payload["userErrors"]] in (["HTTPS_REQUIRED"], ["INVALID_URL"])
