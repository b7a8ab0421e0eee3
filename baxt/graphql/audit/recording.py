"""Every case served is first written to the access log: who, through which query, which fields.

A query's reads are gathered while it runs and written once it has run, one row per case
however many fields showed it (`ReadsPerRequest`); the answer leaves only once they are
committed, and not at all when they cannot be. A mutation's payload is written at once.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from contextvars import ContextVar
from functools import cache
from uuid import UUID

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    OperationType,
    get_named_type,
    is_abstract_type,
)
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType as StrawberryOperationType
from strawberry.types.nodes import SelectedField, Selection

from baxt.application.audit.access_log import CaseRead, one_read_per_case
from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.core.context import Context, Info

_log = logging.getLogger("baxt.access")
_GATHERED: ContextVar[list[CaseRead] | None] = ContextVar("baxt_case_reads", default=None)
_NOT_LOGGED = "the read could not be recorded in the access log, so nothing was served"


async def record_case_reads(info: Info, case_ids: Sequence[UUID]) -> None:
    """Records that the caller is being shown these cases, before the answer leaves.

    Await it before returning the cases. In a query, the reads join the request's, written
    once it has run; elsewhere they are written at once, and when the log cannot be written
    the error it raises fails the field. Either way a read not recorded is never served.
    """
    if not case_ids:
        return
    caller = info.context.caller
    operation = read_operation(info)
    fields = tuple(case_fields(info))
    reads = [
        CaseRead(caller.actor, caller.role.value, case_id, operation, fields)
        for case_id in dict.fromkeys(case_ids)
    ]
    gathered = _GATHERED.get()
    if gathered is not None:
        gathered.extend(reads)
        return
    await info.context.services.access.record(reads)


class ReadsPerRequest(SchemaExtension):
    """Writes a query's case reads once it has run: one access-log row per case.

    When they cannot be written, the answer is replaced by an error without data, so no case
    leaves unrecorded.
    """

    async def on_execute(self) -> AsyncIterator[None]:
        if self.execution_context.operation_type is not StrawberryOperationType.QUERY:
            yield
            return
        gathered: list[CaseRead] = []
        token = _GATHERED.set(gathered)
        try:
            yield
        finally:
            _GATHERED.reset(token)
        await self._write(one_read_per_case(gathered))

    async def _write(self, reads: list[CaseRead]) -> None:
        if not reads:
            return
        context: Context = self.execution_context.context
        try:
            await context.services.access.record(reads)
        except Exception as error:
            _log.warning("the access log could not be written; %d reads withheld", len(reads))
            result = self.execution_context.result
            if result is not None:
                # masked and coded like any failure (INTERNAL_SERVER_ERROR, or
                # SERVICE_UNAVAILABLE when the database is briefly away)
                result.data = None
                result.errors = [GraphQLError(_NOT_LOGGED, original_error=error)]


def read_operation(info: Info) -> str:
    """The root field the read came through, e.g. `cases`, or `mutation:recordVisit`."""
    name = _root_field_name(info)
    kind = info.operation.operation
    return name if kind is OperationType.QUERY else f"{kind.value}:{name}"


def case_fields(info: Info) -> list[str]:
    """The fields selected on the Case objects under the current field, as dotted paths.

    Fragments are resolved, aliases give way to the field names, and fields left out by
    `@skip`/`@include` are not counted. When the answer shows case content in a type of its
    own rather than as a Case, every field selected under the current field counts.
    """
    raw = info._raw_info
    selections = [
        child
        for field in info.selected_fields
        if isinstance(field, SelectedField)
        for child in field.selections
    ]
    answer = get_named_type(raw.return_type)
    inside = None if _holds_cases(answer, raw.schema) else ()
    return list(dict.fromkeys(_walk(selections, answer, raw.schema, inside)))


def _root_field_name(info: Info) -> str:
    path = info.path
    if path.prev is None:
        return info.field_name
    while path.prev is not None:
        path = path.prev
    for node in info.operation.selection_set.selections:
        if isinstance(node, FieldNode) and (node.alias or node.name).value == path.key:
            return node.name.value
    return str(path.key)


def _walk(
    selections: Sequence[Selection],
    parent: GraphQLNamedType,
    schema: GraphQLSchema,
    inside: tuple[str, ...] | None,
) -> Iterator[str]:
    if inside is None and _may_be_case(parent, schema):
        inside = ()
    for selection in selections:
        if _left_out(selection):
            continue
        if isinstance(selection, SelectedField):
            yield from _field(selection, parent, schema, inside)
            continue
        narrowed = _narrowed(parent, selection.type_condition, schema)
        if narrowed is not None:
            yield from _walk(selection.selections, narrowed, schema, inside)


def _field(
    field: SelectedField,
    parent: GraphQLNamedType,
    schema: GraphQLSchema,
    inside: tuple[str, ...] | None,
) -> Iterator[str]:
    if field.name.startswith("__"):
        return
    path = None if inside is None else (*inside, field.name)
    if not field.selections:
        if path is not None:
            yield ".".join(path)
        return
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) and field.name in parent.fields:
        field_type = get_named_type(parent.fields[field.name].type)
        yield from _walk(field.selections, field_type, schema, path)


@cache
def _holds_cases(answer: GraphQLNamedType, schema: GraphQLSchema) -> bool:
    return _reaches_case(answer, schema, frozenset())


def _reaches_case(named: GraphQLNamedType, schema: GraphQLSchema, seen: frozenset[str]) -> bool:
    if _may_be_case(named, schema):
        return True
    if named.name in seen or not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        return False
    return any(
        _reaches_case(get_named_type(field.type), schema, seen | {named.name})
        for field in named.fields.values()
    )


def _may_be_case(named: GraphQLNamedType, schema: GraphQLSchema) -> bool:
    if named.name == CASE_TYPE:
        return True
    return is_abstract_type(named) and any(
        possible.name == CASE_TYPE for possible in schema.get_possible_types(named)
    )


def _narrowed(
    parent: GraphQLNamedType, condition: str | None, schema: GraphQLSchema
) -> GraphQLNamedType | None:
    """The type a fragment's fields are read on; None for another type in place of a Case."""
    if condition is None:
        return parent
    named = schema.get_type(condition)
    if named is None:
        return None
    other_object = isinstance(named, GraphQLObjectType) and named.name != CASE_TYPE
    if other_object and is_abstract_type(parent) and _may_be_case(parent, schema):
        return None
    return named


def _left_out(selection: Selection) -> bool:
    directives = selection.directives
    skipped = directives.get("skip", {}).get("if") is True
    excluded = "include" in directives and directives["include"].get("if") is False
    return skipped or excluded
