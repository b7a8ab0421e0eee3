"""An operation that could read too much is refused before it runs, with QUERY_TOO_COSTLY;
its cost multiplies down nested pages, and no fragment, alias or variable hides any of it.
Introspection fields count towards the depth limit like any other."""

from __future__ import annotations

import strawberry
from graphql import (
    ASTValidationRule,
    OperationDefinitionNode,
    get_introspection_query,
    parse,
    validate,
)

from baxt.graphql.core.errors import ErrorCodes
from baxt.graphql.core.limits import (
    MAX_DEPTH,
    MAX_QUERY_COST,
    DepthLimit,
    cost_limit,
    limit_extensions,
)
from baxt.graphql.core.query_shape import CostModel, operation_cost
from baxt.graphql.schema import schema as baxt_schema
from tests.operations import CASE_FIELDS

MODEL = CostModel()
A_PAGE_OF_HISTORIES = (
    "cases(first: 100) { edges { node { id history(first: 100) { nodes { data } } } } }"
)
AUDITOR_ATTACK = "{ " + " ".join(f"a{n}: {A_PAGE_OF_HISTORIES}" for n in range(30)) + " }"
README_EXAMPLE = """{ cases(first: 5) { edges { node { id status child { fullName ageYears }
  referrals { provider } history { nodes { sequence type actor occurredAt } } } } } }"""


def _cost(query: str, variables: dict[str, object] | None = None) -> int:
    document = parse(query)
    [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return operation_cost(baxt_schema._schema, document, operation, variables or {}, MODEL)


def _codes(query: str, variables: dict[str, object] | None = None) -> list[str]:
    rules: list[type[ASTValidationRule]] = [
        DepthLimit,
        cost_limit(variables or {}, MAX_QUERY_COST, MODEL),
    ]
    errors = validate(baxt_schema._schema, parse(query), rules)
    return [(e.extensions or {})["code"] for e in errors]


def test_thirty_aliased_pages_of_histories_are_refused_as_too_costly() -> None:
    assert _cost(AUDITOR_ATTACK) == 30 * (1 + 100 + 100 + 100 + 100 * 100)
    assert _codes(AUDITOR_ATTACK) == ["QUERY_TOO_COSTLY"]


def test_a_page_of_a_hundred_cases_with_their_histories_fits_the_budget() -> None:
    assert _codes("{ " + A_PAGE_OF_HISTORIES + " }") == []


def test_the_documented_queries_fit_the_budget() -> None:
    front_end = "{ cases(first: 20) { nodes { ...CaseFields } } }" + CASE_FIELDS

    assert _codes(README_EXAMPLE) == []
    assert _codes(front_end) == []


def test_a_named_fragment_costs_what_its_fields_cost_in_place() -> None:
    inline = "{ cases(first: 100) { edges { node { history(first: 100) { nodes { type } } } } } }"
    spread = """{ cases(first: 100) { ...Page } }
      fragment Page on CaseConnection { edges { node { ...History } } }
      fragment History on Case { history(first: 100) { nodes { type } } }"""
    typed = """{ cases(first: 100) { ... on CaseConnection { edges { node {
      ... on Case { history(first: 100) { nodes { type } } } } } } } }"""

    assert _cost(spread) == _cost(inline) == _cost(typed)


def test_a_fragment_spread_twice_counts_twice() -> None:
    once = "{ cases(first: 100) { ...F } } fragment F on CaseConnection { nodes { id } }"
    twice = "{ a: cases(first: 100) { ...F } b: cases(first: 100) { ...F } }" + (
        " fragment F on CaseConnection { nodes { id } }"
    )

    assert _cost(twice) == 2 * _cost(once)


def test_page_sizes_given_in_variables_count_as_given() -> None:
    query = """query($n: Int) { cases(first: $n) { edges { node {
      history(first: $n) { nodes { data } } } } } }"""

    assert _cost(query, {"n": 100}) > 100 * _cost(query, {"n": 1})
    assert _codes(
        AUDITOR_ATTACK.replace("first: 100", "first: $n").replace("{", "query($n: Int) {", 1),
        {"n": 100},
    ) == ["QUERY_TOO_COSTLY"]


def test_a_connection_asked_without_a_size_counts_the_default_page() -> None:
    assert _cost("{ cases { nodes { id } } }") == 1 + MODEL.default_page


def test_a_page_past_the_cap_counts_at_the_cap_and_is_left_to_its_resolver() -> None:
    assert _cost("{ cases(first: 5000) { nodes { id } } }") == 1 + MODEL.max_page
    assert _codes("{ cases(first: 5000) { nodes { id } } }") == []


def test_the_standard_introspection_query_fits_both_limits() -> None:
    assert _codes(get_introspection_query(descriptions=True)) == []


def test_introspection_fields_count_towards_the_depth_limit() -> None:
    nested = "fields { type { " * 6 + "name" + " } }" * 6
    query = "{ __schema { types { " + nested + " } } }"

    assert "QUERY_TOO_DEEP" in _codes(query)


def test_the_type_wrapper_chain_of_introspection_adds_no_depth() -> None:
    chain = "ofType { " * (MAX_DEPTH + 2) + "name" + " }" * (MAX_DEPTH + 2)

    assert _codes('{ __type(name: "Case") { fields { type { ' + chain + " } } } }") == []


@strawberry.type
class _Item:
    name: str = "i"

    @strawberry.field
    def items(self, first: int | None = None) -> list[_Item]:
        return [_Item() for _ in range(first or 0)]


_resolved: list[int] = []


@strawberry.type
class _Query:
    @strawberry.field
    def items(self, first: int | None = None) -> list[_Item]:
        _resolved.append(first or 0)
        return [_Item() for _ in range(first or 0)]


_SMALL_BUDGET = strawberry.Schema(
    query=_Query,
    extensions=[
        ErrorCodes,
        *limit_extensions(introspection=True, max_cost=1000, max_page_size=100),
    ],
)


def test_a_costly_operation_is_refused_before_any_resolver_runs() -> None:
    _resolved.clear()
    result = _SMALL_BUDGET.execute_sync("{ items(first: 100) { items(first: 100) { name } } }")

    assert result.data is None
    assert [(e.extensions or {})["code"] for e in result.errors or []] == ["QUERY_TOO_COSTLY"]
    assert _resolved == []


def test_an_operation_within_the_budget_runs() -> None:
    _resolved.clear()
    result = _SMALL_BUDGET.execute_sync(
        "query($n: Int) { items(first: $n) { items(first: 3) { name } } }", {"n": 3}
    )

    assert result.errors is None
    assert _resolved == [3]


def test_total_count_is_a_scalar_that_adds_nothing_to_a_pages_cost() -> None:
    """One count query per top-level connection (the alias limit bounds them), and none for
    a case's history, which answers it from the case's version."""
    without = "{ cases(first: 20) { nodes { id history(first: 5) { nodes { sequence } } } } }"
    with_counts = (
        "{ cases(first: 20) { totalCount nodes { id"
        " history(first: 5) { totalCount nodes { sequence } } } } }"
    )

    assert _cost(with_counts) == _cost(without)
