"""The access log for auditors: every read of a case (a report of concern, a household),
newest first."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.audit.access_log import AccessEntry
from baxt.domain import validation as check
from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.concern.types import CONCERN_REPORT_TYPE
from baxt.graphql.core.connection import Connection, Edge, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import BadRequest
from baxt.graphql.core.node import parse_global_id
from baxt.graphql.core.pagination import cursor_position, encode_cursor, page_size
from baxt.graphql.core.permissions import Needs
from baxt.graphql.households.ids import HOUSEHOLD_TYPE

DEFAULT_PAGE = 50


@strawberry.type(description="One read of a case: who, when, through which query, which fields.")
class CaseAccess:
    at: dt.datetime
    actor: str = strawberry.field(description="The user who read the case.")
    role: str = strawberry.field(description="The role their token carried, e.g. CASEWORKER.")
    operation: str = strawberry.field(
        description="The root field read through, e.g. case, cases, node, mutation:recordVisit."
    )
    fields: list[str] = strawberry.field(
        description="The case's fields that were shown, as dotted paths, e.g. child.fullName."
    )

    @classmethod
    def of(cls, entry: AccessEntry) -> CaseAccess:
        return cls(
            at=entry.at,
            actor=entry.actor,
            role=entry.role,
            operation=entry.operation,
            fields=list(entry.fields),
        )


@strawberry.type
class Query:
    @strawberry.field(
        description=(
            "Who read the case, newest first, in keyset pages (auditors only). The ID of a"
            " report of concern or of a household gives who read that record."
        ),
        permission_classes=[Needs(Operation.ACCESS_LOG)],
    )
    async def case_access_log(
        self, info: Info, id: strawberry.ID, first: int | None = None, after: str | None = None
    ) -> Connection[CaseAccess]:
        size, _ = page_size(first, None, default=DEFAULT_PAGE, cap=info.context.max_page_size)
        older_than = cursor_position(after) if after else None
        access, case_id = info.context.services.access, _record_id(id)
        page = await access.for_case(case_id, limit=size, after=older_than)
        edges = [
            Edge(cursor=encode_cursor(str(entry.id)), node=CaseAccess.of(entry))
            for entry in page.entries
        ]
        return Connection(
            page_info=page_info(edges, has_next=page.has_next, has_previous=older_than is not None),
            edges=edges,
            total=lambda: access.count_for_case(case_id),
        )


_LOGGED_TYPES = (CASE_TYPE, CONCERN_REPORT_TYPE, HOUSEHOLD_TYPE)
"""The records whose reads the access log holds, each under its own ID."""


def _record_id(value: str) -> UUID:
    parsed = parse_global_id(check.safe(value, ("id",)))
    try:
        if parsed is not None and parsed[0] in _LOGGED_TYPES:
            return UUID(parsed[1])
    except ValueError:
        pass
    raise BadRequest(f"not the ID of a case, a report of concern or a household: {value!r}")
