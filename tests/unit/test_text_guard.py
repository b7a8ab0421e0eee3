"""The GraphQL text guard: an argument's text holding a character no text may hold refuses the
operation before it runs; a mutation's `input:` is left to the commands."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import parse

from baxt.graphql.core.text_guard import TextGuard, refused_argument
from baxt.graphql.schema import schema

CASES = "query($s: String) { cases(filter: {search: $s}) { edges { cursor } } }"


def _refusal(document: str, variables: dict[str, Any] | None = None) -> str | None:
    return refused_argument(schema._schema, parse(document), variables or {})


@pytest.mark.parametrize(
    ("character", "kind"),
    [
        ("\x00", "a NUL character (U+0000)"),
        ("\ud800", "a lone surrogate (U+D800)"),
        ("\x07", "a control character (U+0007)"),
        ("\n", "a line break or tab (U+000A)"),
        ("\u202e", "a bidirectional control character (U+202E)"),
    ],
)
def test_a_filter_given_as_a_variable_is_refused_naming_the_argument(
    character: str, kind: str
) -> None:
    assert _refusal(CASES, {"s": f"Ali{character}"}) == (
        f"the argument filter.search must not hold {kind}"
    )


def test_a_literal_argument_is_refused() -> None:
    refusal = _refusal('{ cases(filter: {mahalla: "Bunyodkor\\u0000"}) { edges { cursor } } }')

    assert refusal == "the argument filter.mahalla must not hold a NUL character (U+0000)"


def test_an_argument_of_a_nested_field_is_refused() -> None:
    document = '{ case(id: "x") { history(after: "\\u0001") { nodes { type } } } }'

    assert _refusal(document) == "the argument after must not hold a control character (U+0001)"


def test_an_argument_inside_a_fragment_is_refused() -> None:
    document = 'query { ...F } fragment F on Query { partnerReferral(id: "\\u0000") { id } }'

    assert _refusal(document) == "the argument id must not hold a NUL character (U+0000)"


def test_a_variable_s_default_is_checked_when_no_value_is_given() -> None:
    document = 'query($id: ID! = "a\\u0007") { node(id: $id) { id } }'

    assert _refusal(document) == "the argument id must not hold a control character (U+0007)"


def test_an_item_of_a_list_argument_is_refused_by_its_index() -> None:
    document = "query($s: [CaseStatus!]) { cases(filter: {status: $s}) { edges { cursor } } }"

    assert _refusal(document, {"s": ["FLAGGED", "\x00"]}) == (
        "the argument filter.status[1] must not hold a NUL character (U+0000)"
    )


def test_a_mutation_s_input_is_left_to_the_commands() -> None:
    document = "mutation($i: FlagChildInput!) { flagChild(input: $i) { __typename } }"

    assert _refusal(document, {"i": {"note": "\x00", "child": {"fullName": "\ud800"}}}) is None


def test_plain_text_in_any_script_passes() -> None:
    assert _refusal(CASES, {"s": "Ёқубжон Ўғли عل"}) is None


def test_only_the_operation_asked_for_is_checked() -> None:
    document = (
        'query Good { cases(filter: {search: "Ali"}) { edges { cursor } } }'
        ' query Bad { cases(filter: {search: "\\u0000"}) { edges { cursor } } }'
    )

    assert refused_argument(schema._schema, parse(document), {}, "Good") is None
    assert refused_argument(schema._schema, parse(document), {}, "Bad") is not None


@strawberry.type
class _Echo:
    @strawberry.field
    def echo(self, text: str) -> str:
        return text


_ECHO = strawberry.Schema(query=_Echo, extensions=[TextGuard])
ECHO = "query($t: String!) { echo(text: $t) }"


def _codes(text: str) -> list[str]:
    result = _ECHO.execute_sync(ECHO, {"t": text})
    return [(e.extensions or {}).get("code", "") for e in result.errors or []]


def test_the_same_document_is_checked_with_each_request_s_own_variables() -> None:
    assert _codes("Ali") == []
    assert _codes("Ali\x00") == ["BAD_USER_INPUT"]
    assert _codes("Vali") == []
    assert _codes("Vali\u202e") == ["BAD_USER_INPUT"]
