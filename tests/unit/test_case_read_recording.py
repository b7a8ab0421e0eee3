"""Which fields of a case a query shows, and which root field it came through."""

from __future__ import annotations

from typing import Any, cast

import strawberry

from baxt.graphql.audit.recording import case_fields, read_operation
from baxt.graphql.cases.payloads import CasePayload
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.connection import Connection
from baxt.graphql.core.context import Info
from baxt.graphql.core.node import Node

Seen = list[tuple[str, list[str]]]


def _probe(info: Info) -> None:
    seen = cast("Seen", info.context)
    seen.append((read_operation(info), case_fields(info)))


@strawberry.type
class _Change:
    field: str
    before: str | None
    after: str | None


@strawberry.type
class _Query:
    @strawberry.field
    def case(self, info: Info) -> CaseNode | None:
        _probe(info)
        return None

    @strawberry.field
    def cases(self, info: Info) -> Connection[CaseNode] | None:
        _probe(info)
        return None

    @strawberry.field
    def node(self, info: Info) -> Node | None:
        _probe(info)
        return None

    @strawberry.field
    def changes(self, info: Info) -> list[_Change]:
        _probe(info)
        return []


@strawberry.type
class _Mutation:
    @strawberry.mutation
    def record_visit(self, info: Info) -> CasePayload | None:
        _probe(info)
        return None


_schema = strawberry.Schema(query=_Query, mutation=_Mutation, types=[CaseNode])


def _seen(query: str, variables: dict[str, Any] | None = None) -> Seen:
    seen: Seen = []
    result = _schema.execute_sync(query, variable_values=variables, context_value=seen)
    assert result.errors is None, result.errors
    return seen


def test_leaf_and_nested_fields_are_dotted_paths_in_the_order_asked() -> None:
    seen = _seen(
        "{ case { status child { fullName personalId } history { edges { node { type } } } } }"
    )

    assert seen == [
        ("case", ["status", "child.fullName", "child.personalId", "history.edges.node.type"])
    ]


def test_aliases_give_way_to_the_field_names_and_the_root_field_is_named_not_aliased() -> None:
    seen = _seen("{ mine: case { state: status kid: child { name: fullName } } }")

    assert seen == [("case", ["status", "child.fullName"])]


def test_named_and_inline_fragments_are_resolved_and_repeats_counted_once() -> None:
    query = """
    { case { status ...Who ... on Case { status household { guardianPhone } } } }
    fragment Who on Case { child { ...Name } }
    fragment Name on Child { fullName }
    """

    assert _seen(query) == [("case", ["status", "child.fullName", "household.guardianPhone"])]


def test_only_the_case_part_of_a_connection_counts() -> None:
    query = """{ cases { pageInfo { endCursor } edges { cursor node { status } }
      nodes { quarter } } }"""

    assert _seen(query) == [("cases", ["status", "quarter"])]


def test_through_node_the_interface_fields_and_the_case_fragment_count() -> None:
    seen = _seen("{ node { id __typename ... on Case { child { fullName } } } }")

    assert seen == [("node", ["id", "child.fullName"])]


def test_fields_left_out_by_skip_or_include_are_not_counted() -> None:
    query = """query($yes: Boolean!, $no: Boolean!) { case {
      status child @include(if: $no) { fullName } household @skip(if: $yes) { mahalla }
      quarter @include(if: $yes) ...Phone @skip(if: $yes) } }
    fragment Phone on Case { household { guardianPhone } }"""

    assert _seen(query, {"yes": True, "no": False}) == [("case", ["status", "quarter"])]


def test_a_mutation_is_named_as_such_and_only_its_case_fields_count() -> None:
    query = (
        "mutation { recordVisit { case { childSeen visits { childSeen } } userErrors { code } } }"
    )

    assert _seen(query) == [("mutation:recordVisit", ["childSeen", "visits.childSeen"])]


def test_each_aliased_root_field_is_read_on_its_own() -> None:
    seen = _seen("{ first: case { status } second: case { quarter } }")

    assert seen == [("case", ["status"]), ("case", ["quarter"])]


def test_case_content_in_a_type_of_its_own_counts_every_field_selected() -> None:
    seen = _seen("{ changes { field after } }")

    assert seen == [("changes", ["field", "after"])]
