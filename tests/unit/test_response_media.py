"""Which media type a response is served as, and which results are request errors."""

from __future__ import annotations

import pytest
from graphql import GraphQLError

from baxt.graphql.core.negotiation import (
    GRAPHQL_RESPONSE,
    JSON,
    is_request_error,
    response_media_type,
)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("text/html", JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.9", JSON),
        (f"application/json, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0", JSON),
        (f"{GRAPHQL_RESPONSE};q=nan", JSON),
        ("APPLICATION/GRAPHQL-RESPONSE+JSON; charset=utf-8", GRAPHQL_RESPONSE),
    ],
)
def test_the_media_type_follows_the_accept_header(accept: str | None, media: str) -> None:
    assert response_media_type(accept) == media


def _error(code: str) -> GraphQLError:
    return GraphQLError("x", extensions={"code": code})


@pytest.mark.parametrize(
    "code",
    ["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_COSTLY", "QUERY_TOO_DEEP"],
)
def test_a_refusal_before_execution_is_a_request_error(code: str) -> None:
    assert is_request_error(None, [_error(code)])


@pytest.mark.parametrize(
    ("data", "code"),
    [(None, "FORBIDDEN"), (None, "TIMEOUT"), ({"case": None}, "GRAPHQL_VALIDATION_FAILED")],
)
def test_an_error_while_running_is_not_a_request_error(data: object, code: str) -> None:
    assert not is_request_error(data, [_error(code)])


def test_a_result_without_errors_is_not_a_request_error() -> None:
    assert not is_request_error(None, [])
