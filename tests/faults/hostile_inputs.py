"""Every text an operation takes, found by walking the schema: each string field of each
mutation's input and each string argument of each query, and a request carrying a hostile
character there."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
    is_composite_type,
    is_required_argument,
)

from tests.e2e.schema_walk import GRAPHQL, minimal_value

HOSTILE = {"NUL": "\x00", "lone surrogate": "\ud800", "control byte": "\x07"}
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Target:
    """Where a hostile character goes: an operation's root field, and the path to one text
    from its variable down, e.g. ("input", "child", "fullName")."""

    operation: str
    path: Path
    character: str

    @property
    def field_path(self) -> list[str]:
        """The path as userErrors name fields: ["input", "needs", "0", "note"]."""
        return [str(step) for step in self.path]

    def __str__(self) -> str:
        return f"{self.operation} {'.'.join(self.field_path)} U+{ord(self.character):04X}"


@dataclass(frozen=True)
class Request:
    """A GraphQL request as a client sends it."""

    query: str
    variables: dict[str, Any]

    def body(self) -> bytes:
        """JSON that escapes a lone surrogate, as clients send it (UTF-8 cannot hold one)."""
        return json.dumps({"query": self.query, "variables": self.variables}).encode()


def string_paths(kind: GraphQLInputType, path: Path = ()) -> Iterator[Path]:
    """The path to every String or ID a value of this type can hold (one item of a list)."""
    if isinstance(kind, GraphQLNonNull):
        yield from string_paths(kind.of_type, path)
    elif isinstance(kind, GraphQLList):
        yield from string_paths(kind.of_type, (*path, 0))
    elif isinstance(kind, GraphQLInputObjectType):
        for name, field in kind.fields.items():
            yield from string_paths(field.type, (*path, name))
    elif isinstance(kind, GraphQLScalarType) and kind.name in ("String", "ID"):
        yield path


def with_character_at(value: Any, kind: GraphQLInputType, path: Path, character: str) -> Any:
    """A copy of `value` with `character` in the middle of the text at `path` (in "ok…ok"
    where there is none); what is missing on the way is made with the type's smallest valid
    value."""
    if isinstance(kind, GraphQLNonNull):
        return with_character_at(value, kind.of_type, path, character)
    if not path:
        text = value if isinstance(value, str) and value else "okok"
        return text[: len(text) // 2] + character + text[len(text) // 2 :]
    step, rest = path[0], path[1:]
    inner = kind.of_type if isinstance(kind, GraphQLList) else None
    if isinstance(kind, GraphQLInputObjectType):
        inner = kind.fields[str(step)].type
    assert inner is not None, f"no {step!r} in {kind}"
    made = copy.deepcopy(value) if value is not None else minimal_value(kind)
    if isinstance(made, list) and not made:
        made = [minimal_value(inner)]
    if isinstance(made, list):
        made[0] = with_character_at(made[0], inner, rest, character)
    else:
        made[step] = with_character_at(made.get(step), inner, rest, character)
    return made


def input_type(mutation: str) -> GraphQLInputType:
    """The type of the mutation's `input` argument."""
    assert GRAPHQL.mutation_type is not None
    kind: GraphQLInputType = GRAPHQL.mutation_type.fields[mutation].args["input"].type
    return kind


def mutation_targets() -> Iterator[Target]:
    """Each string field of each mutation's `input`, with each hostile character."""
    assert GRAPHQL.mutation_type is not None
    for name, field in sorted(GRAPHQL.mutation_type.fields.items()):
        for path in string_paths(field.args["input"].type):
            for character in HOSTILE.values():
                yield Target(name, ("input", *path), character)


def mutation_request(target: Target, baseline: dict[str, Any]) -> Request:
    """The mutation with its valid `baseline` input, but the hostile character at the target."""
    assert GRAPHQL.mutation_type is not None
    field = GRAPHQL.mutation_type.fields[target.operation]
    kind = field.args["input"].type
    given = with_character_at(baseline, kind, target.path[1:], target.character)
    query = f"mutation($input: {kind}) {{ {target.operation}(input: $input) {_payload(field)} }}"
    return Request(query, {"input": given})


def query_targets() -> Iterator[Target]:
    """Each string argument of each query (or string inside one), with each hostile
    character."""
    assert GRAPHQL.query_type is not None
    for name, field in sorted(GRAPHQL.query_type.fields.items()):
        for arg, argument in field.args.items():
            for path in string_paths(argument.type):
                for character in HOSTILE.values():
                    yield Target(name, (arg, *path), character)


def query_request(target: Target) -> Request:
    """The query with the hostile argument, and its other required arguments at their
    smallest valid values."""
    assert GRAPHQL.query_type is not None
    field = GRAPHQL.query_type.fields[target.operation]
    arg = str(target.path[0])
    given: dict[str, GraphQLArgument] = {
        a: kind for a, kind in field.args.items() if a == arg or is_required_argument(kind)
    }
    params = ", ".join(f"${a}: {kind.type}" for a, kind in given.items())
    arguments = ", ".join(f"{a}: ${a}" for a in given)
    selection = " { __typename }" if is_composite_type(get_named_type(field.type)) else ""
    query = f"query({params}) {{ {target.operation}({arguments}){selection} }}"
    variables = {a: minimal_value(kind.type) for a, kind in given.items() if a != arg}
    variables[arg] = with_character_at(None, given[arg].type, target.path[1:], target.character)
    return Request(query, variables)


def _payload(field: GraphQLField) -> str:
    payload = get_named_type(field.type)
    assert isinstance(payload, GraphQLObjectType), payload
    chosen = ["__typename"]
    if "userErrors" in payload.fields:
        chosen.append("userErrors { field message code }")
    if "rejected" in payload.fields:
        chosen.append("rejected { line reason }")
    return "{ " + " ".join(chosen) + " }"
