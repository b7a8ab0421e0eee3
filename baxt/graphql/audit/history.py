"""The auditors' queries: history as of any moment, tamper evidence, the access log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from baxt.application.access.rules import Operation
from baxt.application.audit.changes import Change
from baxt.domain.errors import CaseNotFound
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.connection import Connection, Edge, Total, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import BadRequest, camel, camel_keys
from baxt.graphql.core.pagination import cursor_position, encode_cursor, page_size
from baxt.graphql.core.permissions import Needs

DEFAULT_PAGE = 50


@strawberry.type(description="One field of a case that an event changed.")
class CaseFieldChange:
    field: str = strawberry.field(description="The Case field, as the Case type names it.")
    before: JSON | None = strawberry.field(description="Its value before; null when unset.")
    after: JSON | None = strawberry.field(description="Its value after; null when unset.")


@strawberry.type(description="One event of a case and what it changed in the case.")
class CaseChange:
    version: int = strawberry.field(description="The case version this event made.")
    type: str = strawberry.field(description="The event's name, e.g. Visited.")
    occurred_at: dt.datetime
    actor: str
    changes: list[CaseFieldChange]

    @classmethod
    def from_change(cls, change: Change) -> CaseChange:
        return cls(
            version=change.version,
            type=change.type,
            occurred_at=change.occurred_at,
            actor=change.actor,
            changes=[
                CaseFieldChange(
                    field=camel(f.field), before=camel_keys(f.before), after=camel_keys(f.after)
                )
                for f in change.fields
            ],
        )


@strawberry.type
class Query:
    @strawberry.field(
        description="A case as it stood at a moment (`at`) or a version, replayed from its"
        " events; give exactly one. Null when it did not exist yet or does not exist.",
        permission_classes=[Needs(Operation.READ_CASES)],
    )
    async def case_as_of(
        self,
        info: Info,
        id: strawberry.ID,
        at: dt.datetime | None = None,
        version: int | None = None,
    ) -> CaseNode | None:
        _require_one_moment(at, version)
        try:
            row = await info.context.cases.case_as_of(
                case_uuid(id), info.context.view, at=at, version=version
            )
        except CaseNotFound:
            return None
        if row is None:
            return None
        await record_case_reads(info, [row.case_id])
        return CaseNode.from_row(row)

    @strawberry.field(
        description="The case's events recorded after `from` up to and including `to`,"
        " oldest first, each with the fields it changed.",
        permission_classes=[Needs(Operation.READ_CASES)],
    )
    async def case_changes(
        self,
        info: Info,
        id: strawberry.ID,
        from_: Annotated[dt.datetime, strawberry.argument(name="from")],
        to: dt.datetime,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[CaseChange]:
        size, _ = page_size(first, None, default=DEFAULT_PAGE, cap=info.context.max_page_size)
        start = cursor_position(after) if after else 0
        case_id = case_uuid(id)
        found = await info.context.cases.case_changes(
            case_id, info.context.view, from_=from_, to=to, after=start, limit=size + 1
        )
        await record_case_reads(info, [case_id])
        cases, view = info.context.cases, info.context.view
        return _connection(
            found, size, start, lambda: cases.case_change_count(case_id, view, from_=from_, to=to)
        )


def _require_one_moment(at: dt.datetime | None, version: int | None) -> None:
    if (at is None) == (version is None):
        raise BadRequest("give exactly one of `at` and `version`")
    if version is not None and version < 1:
        raise BadRequest("a case's versions start at 1")


def _connection(found: list[Change], size: int, start: int, total: Total) -> Connection[CaseChange]:
    edges = [
        Edge(cursor=encode_cursor(str(c.version)), node=CaseChange.from_change(c))
        for c in found[:size]
    ]
    return Connection(
        page_info=page_info(edges, has_next=len(found) > size, has_previous=start > 0),
        edges=edges,
        total=total,
    )
