"""Refuses, before anything runs, an operation whose arguments hold text no text may hold.

Every string an argument takes, written in the document or given as a variable (at any depth
of a list or input object), is checked against the domain's rule for one-line text
(`baxt.domain.characters`): no NUL, no other control character, no lone surrogate, no
bidirectional override, no line break. The first one found refuses the whole operation with
BAD_USER_INPUT, naming the argument but never echoing its value.

A mutation's `input:` is left to the commands: the domain knows which of its fields may hold
several lines and which must hold a letter, and it answers in the payload's `userErrors` with
the field's path, as for any other refusal (and guards the imports and the command line too,
which no GraphQL reaches). Everything else (query filters, IDs, cursors, a query's `input`)
is one-line text that reaches SQL as it is, so it is refused here once, for every field,
rather than in each resolver.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    VariableNode,
    Visitor,
    get_operation_ast,
    visit,
)
from strawberry.extensions import SchemaExtension

from baxt.domain.characters import unsafe_character

BAD_USER_INPUT = "BAD_USER_INPUT"
_COMMAND_INPUT = "input"


class TextGuard(SchemaExtension):
    """Answers BAD_USER_INPUT, without running the operation, when an argument's text (other
    than a mutation's `input:`) holds a character no text may hold.

    Which arguments a document has is found once for each distinct document (bounded); their
    values are checked on every request, with its own variables.
    """

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.result is None:
            schema, name = context.schema._schema, context.operation_name
            operation = get_operation_ast(document, name)
            if context.query is None:
                arguments = argument_values(schema, document, name)
            else:
                arguments = _cached_arguments(_Walked(schema, context.query, name, document))
            values = {} if operation is None else _values(operation, context.variables or {})
            refusal = _first_refusal(arguments, values)
            if refusal is not None:
                error = GraphQLError(refusal, extensions={"code": BAD_USER_INPUT})
                context.result = ExecutionResult(data=None, errors=[error])
        yield


def refused_argument(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any],
    operation_name: str | None = None,
) -> str | None:
    """Why the operation's arguments are refused (the first bad text found), or None."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    arguments = argument_values(schema, document, operation_name)
    return _first_refusal(arguments, _values(operation, variables))


def argument_values(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None = None
) -> tuple[tuple[str, ValueNode], ...]:
    """The arguments the guard checks, in document order: each one's name and its value as
    written (a literal or a variable), in the operation and then in every fragment."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return ()
    walker = _ArgumentWalker(TypeInfo(schema), schema)
    fragments = [d for d in document.definitions if isinstance(d, FragmentDefinitionNode)]
    for node in (operation, *fragments):
        visit(node, TypeInfoVisitor(walker.type_info, walker))
    return tuple(walker.arguments)


@dataclass(frozen=True)
class _Walked:
    """A document known by its text: a tree hashes by walking every node."""

    schema: GraphQLSchema
    query: str
    operation_name: str | None
    document: DocumentNode = field(compare=False, hash=False)


@functools.lru_cache(maxsize=256)
def _cached_arguments(walked: _Walked) -> tuple[tuple[str, ValueNode], ...]:
    return argument_values(walked.schema, walked.document, walked.operation_name)


def _first_refusal(
    arguments: Sequence[tuple[str, ValueNode]], values: Mapping[str, Any]
) -> str | None:
    for name, value in arguments:
        found = _first_unsafe(value, name, values)
        if found is not None:
            path, unsafe = found
            return f"the argument {path} must not hold {unsafe}"
    return None


def _values(operation: OperationDefinitionNode, given: Mapping[str, Any]) -> dict[str, Any]:
    """The operation's variables as given, or the default written in the document."""
    defaults: dict[str, Any] = {
        d.variable.name.value: d.default_value
        for d in operation.variable_definitions or ()
        if d.default_value is not None
    }
    return defaults | dict(given)


class _ArgumentWalker(Visitor):
    def __init__(self, type_info: TypeInfo, schema: GraphQLSchema) -> None:
        super().__init__()
        self.type_info = type_info
        self._mutation = schema.mutation_type
        self.arguments: list[tuple[str, ValueNode]] = []

    def enter_argument(self, node: ArgumentNode, *_: Any) -> Any:
        name = node.name.value
        parent = self.type_info.get_parent_type()
        if self._mutation is None or parent is not self._mutation or name != _COMMAND_INPUT:
            self.arguments.append((name, node.value))
        return self.SKIP


def _first_unsafe(value: Any, path: str, variables: Mapping[str, Any]) -> tuple[str, str] | None:
    """The path and kind of the first unsafe character in an argument's value: a literal,
    a variable (given or defaulted), or anything nested in a list or input object."""
    if isinstance(value, VariableNode):
        return _first_unsafe(variables.get(value.name.value), path, variables)
    if isinstance(value, StringValueNode):
        return _first_unsafe(value.value, path, variables)
    if isinstance(value, ListValueNode):
        return _first_unsafe(list(value.values), path, variables)
    if isinstance(value, ObjectValueNode):
        return _first_unsafe({f.name.value: f.value for f in value.fields}, path, variables)
    if isinstance(value, str):
        unsafe = unsafe_character(value)
        return None if unsafe is None else (path, unsafe)
    if isinstance(value, list):
        items = [(f"{path}[{index}]", item) for index, item in enumerate(value)]
    elif isinstance(value, dict):
        items = [_keyed(path, key, item) for key, item in value.items()]
    else:
        return None
    for item_path, item in items:
        found = _first_unsafe(item, item_path, variables)
        if found is not None:
            return found
    return None


def _keyed(path: str, key: Any, item: Any) -> tuple[str, Any]:
    """What to check of an object's entry: the key itself, at its object's path so that a
    bad key is never echoed, else the value at the key's path."""
    if unsafe_character(str(key)) is not None:
        return path, str(key)
    return f"{path}.{key}", item
