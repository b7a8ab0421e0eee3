"""Which media type a GraphQL response is served as, and when it is a request error.

Per the GraphQL-over-HTTP spec: a client that accepts `application/graphql-response+json`
gets it, and then a request that failed before execution (a parse or validation failure,
a refused limit, a variable that does not coerce, a persisted document unknown or not
allowed) is answered 400 without a `data` entry.
Every other client gets `application/json`, where such a failure is answered 200.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql import GraphQLError

from baxt.graphql.core.limits import (
    INTROSPECTION_DISABLED,
    QUERY_TOO_COSTLY,
    QUERY_TOO_DEEP,
    TOO_MANY_ALIASES,
)
from baxt.graphql.core.persisted import PERSISTED_DOCUMENT_CODES

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"

REQUEST_ERROR_CODES = frozenset(
    {
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
        "TOO_MANY_TOKENS",
        QUERY_TOO_DEEP,
        TOO_MANY_ALIASES,
        QUERY_TOO_COSTLY,
        INTROSPECTION_DISABLED,
        *PERSISTED_DOCUMENT_CODES,
    }
)
"""The codes of errors that stop a request before any resolver runs."""


def response_media_type(accept: str | None) -> str:
    """`application/graphql-response+json` when the Accept header names it at least as
    highly as `application/json`; `application/json` otherwise (also for `*/*` or none)."""
    qualities = _qualities(accept or "")
    preferred = qualities.get(GRAPHQL_RESPONSE, 0.0)
    plain = max(qualities.get(name, 0.0) for name in (JSON, "application/*", "*/*"))
    return GRAPHQL_RESPONSE if preferred > 0 and preferred >= plain else JSON


def is_request_error(data: object, errors: Iterable[GraphQLError] | None) -> bool:
    """Whether a result is a request error: no data, and only errors raised before execution."""
    codes = [(error.extensions or {}).get("code") for error in errors or ()]
    return data is None and bool(codes) and all(code in REQUEST_ERROR_CODES for code in codes)


def _qualities(accept: str) -> dict[str, float]:
    qualities: dict[str, float] = {}
    for media_range in accept.split(","):
        name, *parameters = (part.strip() for part in media_range.split(";"))
        if name:
            quality = _quality(parameters)
            qualities[name.lower()] = max(quality, qualities.get(name.lower(), 0.0))
    return qualities


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                return 0.0
            return quality if 0.0 <= quality <= 1.0 else 0.0
    return 1.0
