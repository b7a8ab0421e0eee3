"""GraphQL over HTTP as the spec (and the graphql-http audit) asks, and bad HTTP input.

A client accepting `application/graphql-response+json` gets it, with request errors (parse,
validation, a refused limit, a variable that does not coerce) answered 400 without `data`;
a client accepting `application/json`, or anything, gets that, with those answered 200. A
GET mutation is 405. A body that is not UTF-8, not JSON or not an object, and parameters of
the wrong type, are 400 BAD_REQUEST in JSON, and the connection stays usable.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from baxt.graphql.core.negotiation import GRAPHQL_RESPONSE
from tests.serving import RunningServer

TYPENAME = {"query": "{ __typename }"}
RESPONSE_JSON = {"accept": GRAPHQL_RESPONSE}
PLAIN_JSON = {"accept": "application/json"}


@pytest.fixture
def token(server: RunningServer) -> str:
    return server.token("http.conformance")


def _headers(token: str, **more: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}", **more}


async def _post(
    http: httpx.AsyncClient, token: str, body: Any, accept: dict[str, str]
) -> httpx.Response:
    return await http.post("/graphql", json=body, headers=_headers(token, **accept))


def _codes(response: httpx.Response) -> list[str]:
    return [e["extensions"]["code"] for e in response.json()["errors"]]


async def test_graphql_response_json_is_served_to_a_client_that_accepts_it(
    http: httpx.AsyncClient, token: str
) -> None:
    answer = await _post(http, token, TYPENAME, RESPONSE_JSON)

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert answer.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    "accept",
    [
        {"accept": "application/json"},
        {"accept": "*/*"},
        {},
        {"accept": f"application/json, {GRAPHQL_RESPONSE};q=0.5"},
    ],
    ids=["json", "anything", "none", "json-preferred"],
)
async def test_application_json_is_served_otherwise(
    http: httpx.AsyncClient, token: str, accept: dict[str, str]
) -> None:
    answer = await http.post("/graphql", json=TYPENAME, headers=_headers(token, **accept))

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")


REQUEST_ERRORS = {
    "parse": ({"query": "{"}, "GRAPHQL_PARSE_FAILED"),
    "validation": ({"query": "{ noSuchField }"}, "GRAPHQL_VALIDATION_FAILED"),
    "coercion": (
        {"query": "query($id: ID!) { __typename }", "variables": {"id": None}},
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "depth": ({"query": "{ cases { " + "a { " * 12 + "b" + " }" * 12 + " } }"}, None),
    "cost": (
        {"query": "{ " + " ".join(f"a{n}: cases(first: 100) {{ nodes {{ history(first: 100)"
         " { nodes { type } } } }" for n in range(3)) + " }"},
        "QUERY_TOO_COSTLY",
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(REQUEST_ERRORS))
async def test_a_request_error_is_400_without_data_in_graphql_response_json(
    http: httpx.AsyncClient, token: str, kind: str
) -> None:
    body, code = REQUEST_ERRORS[kind]

    answer = await _post(http, token, body, RESPONSE_JSON)

    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert "data" not in answer.json()
    assert code is None or code in _codes(answer)


@pytest.mark.parametrize("kind", sorted(REQUEST_ERRORS))
async def test_a_request_error_is_200_with_errors_in_application_json(
    http: httpx.AsyncClient, token: str, kind: str
) -> None:
    body, code = REQUEST_ERRORS[kind]

    answer = await _post(http, token, body, PLAIN_JSON)

    assert answer.status_code == 200
    assert answer.json()["data"] is None
    assert code is None or code in _codes(answer)


async def test_a_field_error_keeps_200_and_its_data_entry_in_graphql_response_json(
    http: httpx.AsyncClient, token: str
) -> None:
    body = {"query": '{ caseAccessLog(id: "x") { edges { cursor } } }'}

    answer = await _post(http, token, body, RESPONSE_JSON)

    assert answer.status_code == 200
    assert "data" in answer.json()
    assert _codes(answer) == ["FORBIDDEN"]


async def test_a_get_query_runs(http: httpx.AsyncClient, token: str) -> None:
    answer = await http.get("/graphql", params=TYPENAME, headers=_headers(token))

    assert answer.status_code == 200
    assert answer.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("accept", [RESPONSE_JSON, PLAIN_JSON])
async def test_a_get_mutation_is_405_and_names_post(
    http: httpx.AsyncClient, token: str, accept: dict[str, str]
) -> None:
    params = {"query": "mutation { markNotificationsRead(input: {ids: []}) { __typename } }"}

    answer = await http.get("/graphql", params=params, headers=_headers(token, **accept))

    assert answer.status_code == 405
    assert answer.headers["allow"] == "POST"
    assert _codes(answer) == ["METHOD_NOT_ALLOWED"]


SUBSCRIBE = "subscription { notificationAdded { id } }"
MULTIPART = {"accept": 'multipart/mixed;subscriptionSpec="1.0", application/json'}


@pytest.mark.parametrize("accept", [RESPONSE_JSON, PLAIN_JSON, MULTIPART])
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_a_subscription_over_http_is_400_and_names_websocket(
    http: httpx.AsyncClient, token: str, method: str, accept: dict[str, str]
) -> None:
    headers = _headers(token, **accept)
    if method == "GET":
        answer = await http.get("/graphql", params={"query": SUBSCRIBE}, headers=headers)
    else:
        answer = await http.post("/graphql", json={"query": SUBSCRIBE}, headers=headers)

    assert answer.status_code == 400
    assert _codes(answer) == ["SUBSCRIPTION_NEEDS_WEBSOCKET"]
    assert "WebSocket" in answer.json()["errors"][0]["message"]
    assert (await _post(http, token, TYPENAME, PLAIN_JSON)).status_code == 200


async def test_another_method_is_405_and_names_get_and_post(
    http: httpx.AsyncClient, token: str
) -> None:
    answer = await http.put("/graphql", json=TYPENAME, headers=_headers(token))

    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, POST"
    assert _codes(answer) == ["METHOD_NOT_ALLOWED"]


BAD_BODIES = {
    "not-utf8": b'{"query": "{ __typename }", "x": "\xff\xfe\xc3"}',
    "utf-16": '{"query": "{ __typename }", "name": "Gulomova"}'.encode("utf-16"),
    "malformed": b'{ "not a JSON',
    "empty": b"",
    "array": b'[{"query": "{ __typename }"}]',
    "number": b"42",
    "string": b'"{ __typename }"',
    "null": b"null",
    "deeply-nested": b'{"query": "{ __typename }", "variables": {"a": '
    + b"[" * 20_000
    + b"]" * 20_000
    + b"}}",
    "variables-not-object": json.dumps({"query": "{ __typename }", "variables": "x"}).encode(),
    "variables-list": json.dumps({"query": "{ __typename }", "variables": [1]}).encode(),
    "query-not-string": json.dumps({"query": {"a": 1}}).encode(),
    "operation-name-number": json.dumps({"query": "{ __typename }", "operationName": 1}).encode(),
    "extensions-not-object": json.dumps({"query": "{ __typename }", "extensions": 0}).encode(),
    "no-query": json.dumps({"qeury": "{ __typename }"}).encode(),
}


@pytest.mark.parametrize("kind", sorted(BAD_BODIES))
@pytest.mark.parametrize("accept", [RESPONSE_JSON, PLAIN_JSON], ids=["graphql", "json"])
async def test_a_bad_body_is_400_bad_request_in_json_and_the_connection_survives(
    http: httpx.AsyncClient, token: str, kind: str, accept: dict[str, str]
) -> None:
    headers = _headers(token, **accept, **{"content-type": "application/json"})

    refused = await http.post("/graphql", content=BAD_BODIES[kind], headers=headers)
    after = await _post(http, token, TYPENAME, PLAIN_JSON)

    assert refused.status_code == 400
    assert refused.headers["content-type"].startswith(accept["accept"])
    assert _codes(refused) == ["BAD_REQUEST"]
    assert "Traceback" not in refused.text
    assert after.json() == {"data": {"__typename": "Query"}}


async def test_a_post_without_a_content_type_is_400(http: httpx.AsyncClient, token: str) -> None:
    answer = await http.post(
        "/graphql", content=json.dumps(TYPENAME).encode(), headers=_headers(token)
    )

    assert answer.status_code == 400
    assert _codes(answer) == ["BAD_REQUEST"]
