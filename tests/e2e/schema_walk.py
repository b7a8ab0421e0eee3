"""The GraphQL schema walked as clients see it: which root fields reach a Case, minimal inputs."""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    get_named_type,
    is_abstract_type,
    is_composite_type,
    is_required_argument,
    is_required_input_field,
)

from baxt.graphql.schema import schema

GRAPHQL = schema._schema

SCALAR_SAMPLES: dict[str, Any] = {
    "String": "x",
    "ID": "x",
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "Date": "2026-01-05",
    "DateTime": "2026-01-05T09:00:00+00:00",
    "JSON": {},
}


def case_operations() -> set[str]:
    """Every root field whose answer can hold a Case, named as the access log names it."""
    roots = [
        ("", GRAPHQL.query_type),
        ("mutation:", GRAPHQL.mutation_type),
        ("subscription:", GRAPHQL.subscription_type),
    ]
    return {
        prefix + name
        for prefix, root in roots
        if root is not None
        for name, field in root.fields.items()
        if reaches_case(field.type)
    }


def reaches_case(output: GraphQLOutputType, seen: frozenset[str] = frozenset()) -> bool:
    named: GraphQLNamedType = get_named_type(output)
    if named.name == "Case":
        return True
    if named.name in seen:
        return False
    seen = seen | {named.name}
    if is_abstract_type(named):
        return any(reaches_case(t, seen) for t in GRAPHQL.get_possible_types(named))
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        return any(reaches_case(f.type, seen) for f in named.fields.values())
    return False


def mutation_names() -> list[str]:
    assert GRAPHQL.mutation_type is not None
    return sorted(GRAPHQL.mutation_type.fields)


def minimal_mutation(name: str) -> tuple[str, dict[str, Any]]:
    """A document and variables for the mutation with only its required arguments, all valid."""
    assert GRAPHQL.mutation_type is not None
    field = GRAPHQL.mutation_type.fields[name]
    required = {arg: a.type for arg, a in field.args.items() if is_required_argument(a)}
    params = ", ".join(f"${arg}: {kind}" for arg, kind in required.items())
    arguments = ", ".join(f"{arg}: ${arg}" for arg in required)
    head = f"mutation({params})" if params else "mutation"
    call = f"{name}({arguments})" if arguments else name
    selection = " { __typename }" if is_composite_type(get_named_type(field.type)) else ""
    variables = {arg: minimal_value(kind) for arg, kind in required.items()}
    return f"{head} {{ {call}{selection} }}", variables


def minimal_value(kind: GraphQLInputType) -> Any:
    """The smallest value of the type that passes GraphQL's own validation."""
    if isinstance(kind, GraphQLNonNull):
        return minimal_value(kind.of_type)
    if isinstance(kind, GraphQLList):
        return [minimal_value(kind.of_type)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {
            name: minimal_value(f.type)
            for name, f in kind.fields.items()
            if is_required_input_field(f)
        }
    assert isinstance(kind, GraphQLScalarType)
    assert kind.name in SCALAR_SAMPLES, f"add a sample value of the scalar {kind.name}"
    return SCALAR_SAMPLES[kind.name]
