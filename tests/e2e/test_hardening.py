"""The API's guards over real HTTP: production mode, the limits on each request, the headers.

Production runs on a server and database of its own, with a small rate limit; development is
the shared server. The time limit has its own module (test_request_timeout.py), so that no
more than two servers hold database connections at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from baxt.config import Settings
from baxt.http.ide.assets import asset
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.serving import RunningServer, running_api

RATE_LIMIT = 5
INTROSPECTION = "{ __schema { queryType { name } } }"
TYPE_INTROSPECTION = '{ __type(name: "Case") { name fields { name } } }'
MISSPELLED = "{ caes(first: 1) { edges { cursor } } }"
A_PAGE = "{ cases(first: 1) { edges { cursor } } }"


@pytest.fixture(scope="module")
def production(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path_factory.mktemp("production"),
            environment="production",
            rate_limit=f"{RATE_LIMIT}/minute",
        )
        with running_api(settings) as server:
            yield server


@pytest.fixture
async def prod_http(production: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with production.http() as client:
        yield client


def _as(http: httpx.AsyncClient, server: RunningServer, user: str) -> GraphQLClient:
    return GraphQLClient(http, server.token(user))


def _codes(body: dict[str, Any]) -> set[str]:
    return {error["extensions"]["code"] for error in body["errors"]}


async def _refusal(client: GraphQLClient, query: str) -> dict[str, Any]:
    response = await client.post(query)
    body: dict[str, Any] = response.json()
    assert body.get("data") is None, body
    return body


@pytest.mark.parametrize("query", [INTROSPECTION, TYPE_INTROSPECTION])
async def test_production_refuses_introspection_with_a_code(
    prod_http: httpx.AsyncClient, production: RunningServer, query: str
) -> None:
    body = await _refusal(_as(prod_http, production, "intro.spector"), query)

    assert _codes(body) == {"INTROSPECTION_DISABLED"}


async def test_development_answers_introspection(gql: GraphQLClient) -> None:
    data = await gql.execute(INTROSPECTION)

    assert data["__schema"]["queryType"]["name"] == "Query"


async def test_production_serves_no_graphiql_to_browsers(
    prod_http: httpx.AsyncClient, production: RunningServer
) -> None:
    token = production.token("page.loader")
    anonymous = await prod_http.get("/graphql", headers={"Accept": "text/html"})
    signed_in = await prod_http.get(
        "/graphql", headers={"Accept": "text/html", "Authorization": f"Bearer {token}"}
    )

    assert anonymous.status_code == 401
    assert signed_in.status_code == 404
    assert "graphiql" not in (anonymous.text + signed_in.text).lower()


async def test_development_serves_graphiql_to_browsers(http: httpx.AsyncClient) -> None:
    page = await http.get("/graphql", headers={"Accept": "text/html"})

    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


async def test_production_names_no_fields_the_caller_might_have_meant(
    prod_http: httpx.AsyncClient, production: RunningServer
) -> None:
    body = await _refusal(_as(prod_http, production, "mis.speller"), MISSPELLED)

    assert _codes(body) == {"GRAPHQL_VALIDATION_FAILED"}
    assert all("did you mean" not in e["message"].lower() for e in body["errors"])
    assert "caes" in body["errors"][0]["message"]


async def test_development_suggests_the_field_the_caller_meant(gql: GraphQLClient) -> None:
    body = (await gql.post(MISSPELLED)).json()

    assert "Did you mean" in body["errors"][0]["message"]


async def test_an_over_deep_query_is_refused_before_it_runs(
    prod_http: httpx.AsyncClient, production: RunningServer
) -> None:
    deep = "{ cases { " + "a { " * 12 + "b" + " }" * 12 + " } }"

    body = await _refusal(_as(prod_http, production, "deep.diver"), deep)

    assert "QUERY_TOO_DEEP" in _codes(body)


async def test_over_thirty_aliases_are_refused_before_they_run(
    prod_http: httpx.AsyncClient, production: RunningServer
) -> None:
    aliased = "{ " + " ".join(f"a{n}: myQueue(first: 1) {{ id }}" for n in range(31)) + " }"

    body = await _refusal(_as(prod_http, production, "alias.user"), aliased)

    assert _codes(body) == {"TOO_MANY_ALIASES"}


async def test_a_document_of_too_many_tokens_is_refused_unparsed(
    prod_http: httpx.AsyncClient, production: RunningServer
) -> None:
    long = "{ " + "__typename " * 2001 + "}"

    body = await _refusal(_as(prod_http, production, "long.winded"), long)

    assert _codes(body) == {"TOO_MANY_TOKENS"}


async def test_a_page_above_the_cap_is_bad_user_input(
    prod_http: httpx.AsyncClient, production: RunningServer
) -> None:
    cap = production.settings.max_page_size
    client = _as(prod_http, production, "page.turner")

    for query in [
        f"{{ cases(first: {cap + 1}) {{ edges {{ cursor }} }} }}",
        f"{{ cases(last: {cap + 1}) {{ edges {{ cursor }} }} }}",
        f"{{ myQueue(first: {cap + 1}) {{ id }} }}",
    ]:
        body = await _refusal(client, query)
        assert _codes(body) == {"BAD_USER_INPUT"}, query


async def test_a_body_over_the_limit_is_refused_with_413_before_it_is_parsed(
    prod_http: httpx.AsyncClient, production: RunningServer
) -> None:
    not_even_json = b"{" * 200_000

    response = await prod_http.post(
        "/graphql",
        content=not_even_json,
        headers={
            "Authorization": f"Bearer {production.token('big.sender')}",
            "Content-Type": "application/json",
        },
    )

    assert response.status_code == 413
    assert _codes(response.json()) == {"REQUEST_TOO_LARGE"}


async def test_a_streamed_body_over_the_limit_is_refused_with_413(
    prod_http: httpx.AsyncClient, production: RunningServer
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b" " * 10_000

    response = await prod_http.post(
        "/graphql",
        content=chunks(),
        headers={
            "Authorization": f"Bearer {production.token('stream.sender')}",
            "Content-Type": "application/json",
        },
    )

    assert response.status_code == 413
    assert _codes(response.json()) == {"REQUEST_TOO_LARGE"}


@pytest.mark.parametrize("path", ["/graphql", "/healthz", "/readyz"])
async def test_no_response_may_be_stored_or_sniffed(http: httpx.AsyncClient, path: str) -> None:
    response = await http.get(path)

    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_graphql_answers_may_not_be_stored(
    prod_http: httpx.AsyncClient, production: RunningServer
) -> None:
    response = await _as(prod_http, production, "store.keeper").post(A_PAGE)

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in response.headers["content-security-policy"]


async def test_a_user_past_the_rate_limit_waits_while_another_is_served(
    prod_http: httpx.AsyncClient, production: RunningServer
) -> None:
    busy = _as(prod_http, production, "busy.bee")
    answered = [(await busy.post("{ __typename }")).status_code for _ in range(RATE_LIMIT)]

    refused = await busy.post("{ __typename }")
    other = await _as(prod_http, production, "calm.colleague").post("{ __typename }")

    assert answered == [200] * RATE_LIMIT
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert _codes(refused.json()) == {"RATE_LIMITED"}
    assert other.status_code == 200
    assert other.json()["data"] == {"__typename": "Query"}


async def test_production_serves_no_graphiql_files(prod_http: httpx.AsyncClient) -> None:
    response = await prod_http.get(asset("graphiql-3.8.3.min.js").url)

    assert response.status_code == 404
