"""How much and how deep an operation may read, measured on its document before it runs.

The cost is the number of objects the answer could hold: each object field counts once for
every parent object it appears under, a connection's `edges`/`nodes` count its page size
(`first`/`last`, or the default page), and other lists count an estimate. Nested
connections multiply: 30 aliases of `cases(first: 100) { … history(first: 100) }` cost
30 * (100 + 100 * 100) and more. Fragments, named or inline, count like the fields they
spread; introspection fields count like any other. A connection's `totalCount` is a scalar
and costs nothing: a top-level list counts in one indexed query (the alias limit bounds how
many), and the one nested connection, `Case.history`, answers it from the case's version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_list_type,
    is_non_null_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

_PAGE_ARGUMENTS = ("first", "last")
_TYPE_WRAPPER = ("__Type", "ofType")
"""`ofType` only unwraps a list or non-null type, bounded by the schema: it adds no depth."""


@dataclass(frozen=True)
class CostModel:
    """How the sizes the document does not give are estimated."""

    default_page: int = 50
    """A connection asked without `first`/`last`: the largest default page of any list."""
    max_page: int = 100
    """A page asked larger is refused by its resolver, so it counts as the largest allowed."""
    list_size: int = 10
    """A plain list (a case's visits, the organisations): a typical length."""


@dataclass(frozen=True)
class _Walk:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    defaults: Mapping[str, Any]
    model: CostModel


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any],
    model: CostModel,
) -> int:
    """How many objects the operation's answer could hold, under `model`."""
    walk = _Walk(schema, _fragments(document), variables, _variable_defaults(operation), model)
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    return _cost(walk, operation.selection_set, root, 1, None, frozenset())


def operation_depth(
    schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode
) -> int:
    """How many fields deep the operation reaches; a root field's leaves are at depth 1."""
    walk = _Walk(schema, _fragments(document), {}, {}, CostModel())
    root = schema.get_root_type(operation.operation)
    return 0 if root is None else _depth(walk, operation.selection_set, root, 0, frozenset())


def _cost(
    walk: _Walk,
    selections: SelectionSetNode,
    parent: GraphQLNamedType | None,
    count: int,
    page: int | None,
    spread: frozenset[str],
) -> int:
    total = 0
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            total += _field_cost(walk, selection, parent, count, page, spread)
        else:
            inner = _fragment(walk, selection, parent, spread)
            if inner is not None:
                total += _cost(walk, inner[0], inner[1], count, page, inner[2])
    return total


def _field_cost(
    walk: _Walk,
    node: FieldNode,
    parent: GraphQLNamedType | None,
    count: int,
    page: int | None,
    spread: frozenset[str],
) -> int:
    field = _field(walk.schema, parent, node.name.value)
    if field is None or node.selection_set is None:
        return 0
    listed = _is_list(field)
    asked = _page_asked(walk, node, field)
    if asked is not None and not listed:
        objects, inner_page = count, asked
    elif asked is not None:
        objects, inner_page = count * asked, None
    elif listed:
        objects, inner_page = count * (walk.model.list_size if page is None else page), None
    else:
        objects, inner_page = count, None
    named = get_named_type(field.type)
    return objects + _cost(walk, node.selection_set, named, objects, inner_page, spread)


def _depth(
    walk: _Walk,
    selections: SelectionSetNode,
    parent: GraphQLNamedType | None,
    level: int,
    spread: frozenset[str],
) -> int:
    deepest = level
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            if selection.selection_set is None:
                continue
            field = _field(walk.schema, parent, selection.name.value)
            wrapper = parent is not None and (parent.name, selection.name.value) == _TYPE_WRAPPER
            inner_level = level if wrapper else level + 1
            named = None if field is None else get_named_type(field.type)
            deepest = max(
                deepest, _depth(walk, selection.selection_set, named, inner_level, spread)
            )
        else:
            inner = _fragment(walk, selection, parent, spread)
            if inner is not None:
                deepest = max(deepest, _depth(walk, inner[0], inner[1], level, inner[2]))
    return deepest


def _fragment(
    walk: _Walk,
    node: Any,
    parent: GraphQLNamedType | None,
    spread: frozenset[str],
) -> tuple[SelectionSetNode, GraphQLNamedType | None, frozenset[str]] | None:
    """The selections a fragment adds, the type they are read on, and the fragments spread."""
    if isinstance(node, InlineFragmentNode):
        return node.selection_set, _condition(walk, node.type_condition, parent), spread
    if not isinstance(node, FragmentSpreadNode) or node.name.value in spread:
        return None
    definition = walk.fragments.get(node.name.value)
    if definition is None:
        return None
    on = _condition(walk, definition.type_condition, parent)
    return definition.selection_set, on, spread | {node.name.value}


def _condition(
    walk: _Walk, condition: Any, parent: GraphQLNamedType | None
) -> GraphQLNamedType | None:
    if condition is None:
        return parent
    named = walk.schema.get_type(condition.name.value)
    return named if named is not None else parent


def _field(
    schema: GraphQLSchema, parent: GraphQLNamedType | None, name: str
) -> GraphQLField | None:
    if parent is schema.query_type and name == "__schema":
        return SchemaMetaFieldDef
    if parent is schema.query_type and name == "__type":
        return TypeMetaFieldDef
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        found: GraphQLField | None = parent.fields.get(name)
        return found
    return None


def _is_list(field: GraphQLField) -> bool:
    kind = field.type.of_type if is_non_null_type(field.type) else field.type
    return is_list_type(kind)


def _page_asked(walk: _Walk, node: FieldNode, field: GraphQLField) -> int | None:
    """The page a field with `first`/`last` is asked for, within the model's bounds."""
    if not any(name in field.args for name in _PAGE_ARGUMENTS):
        return None
    given = {argument.name.value: argument.value for argument in node.arguments or ()}
    for name in _PAGE_ARGUMENTS:
        value = _int_value(walk, given.get(name))
        if value is None and name in field.args and not given.get(name):
            value = _int(field.args[name].default_value)
        if value is not None:
            return min(max(value, 0), walk.model.max_page)
    return walk.model.default_page


def _int_value(walk: _Walk, value: Any) -> int | None:
    if isinstance(value, IntValueNode):
        return _int(value.value)
    if isinstance(value, VariableNode):
        name = value.name.value
        return _int(walk.variables.get(name, walk.defaults.get(name)))
    return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit() and len(value) < 12:
        return int(value)
    return None


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }


def _variable_defaults(operation: OperationDefinitionNode) -> dict[str, Any]:
    return {
        definition.variable.name.value: definition.default_value.value
        for definition in operation.variable_definitions or ()
        if isinstance(definition.default_value, IntValueNode)
    }
