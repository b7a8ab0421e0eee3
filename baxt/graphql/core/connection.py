"""The keyset pages every list answers in: `Connection[Case]` is the type `CaseConnection`, its
edges `CaseEdge`, as strawberry names a generic type after what it holds.

    async def cases(self, info: Info) -> Connection[Case]:
        edges = [Edge(cursor=..., node=case) for case in found]
        return Connection(page_info=page_info(edges, has_next=..., has_previous=...), edges=edges)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

import strawberry
from strawberry.relay import PageInfo

T = TypeVar("T")


@strawberry.type
class Edge(Generic[T]):
    """One item of a page, with the cursor to page on from it."""

    cursor: str
    node: T


@strawberry.type
class Edges(Generic[T]):
    """A page of edges and where it stands; the base of a connection that has no `nodes`."""

    page_info: PageInfo
    edges: list[Edge[T]]


@strawberry.type
class Connection(Edges[T]):
    """A page of edges, with their nodes also listed on their own."""

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def page_info(edges: Sequence[Edge[T]], *, has_next: bool, has_previous: bool) -> PageInfo:
    """Where a page of `edges` stands: whether there is more either side, and its end cursors."""
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
