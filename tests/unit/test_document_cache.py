"""A document is parsed and checked against the static rules once, yet every request is still
held to every limit: the cost by its own variables, and refusals answered afresh each time."""

from __future__ import annotations

import strawberry

from baxt.graphql.core.errors import ErrorCodes
from baxt.graphql.core.limits import MAX_DEPTH, MAX_TOKENS, limit_extensions


@strawberry.type
class _Item:
    name: str = "i"

    @strawberry.field
    def items(self, first: int | None = None) -> list[_Item]:
        return [_Item() for _ in range(first or 0)]

    @strawberry.field
    def child(self) -> _Item:
        return _Item()


@strawberry.type
class _Query:
    @strawberry.field
    def items(self, first: int | None = None) -> list[_Item]:
        return [_Item() for _ in range(first or 0)]


PAGES = "query($n: Int) { items(first: $n) { items(first: $n) { name } } }"
"""Costs n + n * n: 10 pages fit a budget of 1000, 100 do not."""


def _schema(*, production: bool = False) -> strawberry.Schema:
    return strawberry.Schema(
        query=_Query,
        extensions=[
            lambda: ErrorCodes(hide_suggestions=production),
            *limit_extensions(introspection=not production, max_cost=1000, max_page_size=100),
        ],
    )


def _codes(schema: strawberry.Schema, query: str, n: int | None = None) -> list[str]:
    result = schema.execute_sync(query, None if n is None else {"n": n})
    return [(e.extensions or {})["code"] for e in result.errors or []]


def test_a_document_accepted_with_small_pages_is_refused_with_large_ones() -> None:
    schema = _schema()

    assert _codes(schema, PAGES, 10) == []
    assert _codes(schema, PAGES, 100_000) == ["QUERY_TOO_COSTLY"]
    assert _codes(schema, PAGES, 10) == []


def test_a_document_refused_with_large_pages_is_accepted_with_small_ones() -> None:
    schema = _schema()

    assert _codes(schema, PAGES, 100_000) == ["QUERY_TOO_COSTLY"]
    assert _codes(schema, PAGES, 10) == []
    assert _codes(schema, PAGES, 100) == ["QUERY_TOO_COSTLY"]


def test_a_document_past_the_token_limit_is_refused_every_time() -> None:
    schema = _schema()
    query = "{ " + "items { name } " * (MAX_TOKENS // 4 + 1) + "}"

    assert _codes(schema, query) == ["TOO_MANY_TOKENS"]
    assert _codes(schema, query) == ["TOO_MANY_TOKENS"]


def test_a_document_that_does_not_parse_is_answered_as_such_every_time() -> None:
    schema = _schema()

    assert _codes(schema, "{ items { name }") == ["GRAPHQL_PARSE_FAILED"]
    assert _codes(schema, "{ items { name }") == ["GRAPHQL_PARSE_FAILED"]


def test_a_document_too_deep_is_refused_every_time() -> None:
    schema = _schema()
    query = "{ items { " + "child { " * MAX_DEPTH + "name" + " }" * MAX_DEPTH + " } }"

    assert _codes(schema, query) == ["QUERY_TOO_DEEP"]
    assert _codes(schema, query) == ["QUERY_TOO_DEEP"]


def test_production_refuses_introspection_every_time() -> None:
    production = _schema(production=True)
    query = "{ __schema { queryType { name } } }"

    assert set(_codes(production, query)) == {"INTROSPECTION_DISABLED"}
    assert set(_codes(production, query)) == {"INTROSPECTION_DISABLED"}


def test_a_document_development_answered_is_still_refused_in_production() -> None:
    development, production = _schema(), _schema(production=True)
    query = '{ __type(name: "Query") { name } }'

    assert _codes(development, query) == []
    assert set(_codes(production, query)) == {"INTROSPECTION_DISABLED"}


def test_each_refusal_is_an_error_of_its_own_with_the_same_message() -> None:
    production = _schema(production=True)

    first = production.execute_sync("{ itemz { name } }").errors or []
    again = production.execute_sync("{ itemz { name } }").errors or []

    assert [e.message for e in first] == [e.message for e in again]
    assert [e.message for e in again] == ["Cannot query field 'itemz' on type 'Query'."]
    assert not {id(e) for e in first} & {id(e) for e in again}


def test_a_document_that_passed_runs_again_with_its_own_variables() -> None:
    schema = _schema()

    small = schema.execute_sync(PAGES, {"n": 1})
    larger = schema.execute_sync(PAGES, {"n": 2})

    assert small.data == {"items": [{"items": [{"name": "i"}]}]}
    assert larger.data is not None
    assert len(larger.data["items"]) == 2
