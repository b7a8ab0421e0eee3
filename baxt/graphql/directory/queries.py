from __future__ import annotations

import strawberry

from baxt.application.directory import After, ServiceSearch
from baxt.domain import directory as rules
from baxt.domain.errors import InvalidInput
from baxt.graphql.core.connection import Connection, Edge, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.pagination import cursor_text_and_id, encode_cursor, page_size
from baxt.graphql.directory.enums import ServiceCategory, ServiceStatus
from baxt.graphql.directory.loading import with_relations
from baxt.graphql.directory.types import Organisation, Service

DEFAULT_PAGE = 20


@strawberry.type
class Query:
    @strawberry.field(
        description="The service directory, by name: services of a category, serving a region,"
        " open to a child of an age. Every signed-in role may search it."
    )
    async def services(
        self,
        info: Info,
        category: ServiceCategory | None = None,
        region: str | None = None,
        age: int | None = None,
        status: ServiceStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Service]:
        size, _ = page_size(first, None, default=DEFAULT_PAGE, cap=info.context.max_page_size)
        search = ServiceSearch(category, _region(region), _age(age), status)
        directory = info.context.services.directory
        page = await directory.services(search, first=size, after=_after(after))
        nodes = await with_relations(info, page.entries)
        edges = [Edge(cursor=encode_cursor(n.name, str(n.id)), node=n) for n in nodes]
        return Connection(
            page_info=page_info(edges, has_next=page.has_next, has_previous=after is not None),
            edges=edges,
            total=lambda: directory.count(search),
        )

    @strawberry.field(description="The organisations in the service directory, by name.")
    async def organisations(self, info: Info) -> list[Organisation]:
        entries = await info.context.services.directory.organisations()
        return [Organisation.of(entry) for entry in entries]


def _region(region: str | None) -> str | None:
    return None if region is None else rules.region(region, ("region",))


def _age(age: int | None) -> int | None:
    if age is not None and not 0 <= age <= rules.OLDEST:
        raise InvalidInput(f"age must be between 0 and {rules.OLDEST}", ("age",))
    return age


def _after(cursor: str | None) -> After | None:
    if cursor is None:
        return None
    name, service_id = cursor_text_and_id(cursor)
    return After(name, str(service_id))
