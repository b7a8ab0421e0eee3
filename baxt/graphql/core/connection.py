"""The keyset pages every list answers in: `Connection[Case]` is the type `CaseConnection`, its
edges `CaseEdge`, as strawberry names a generic type after what it holds.

    async def cases(self, info: Info) -> Connection[Case]:
        edges = [Edge(cursor=..., node=case) for case in found]
        return Connection(
            page_info=page_info(edges, has_next=..., has_previous=...),
            edges=edges,
            total=lambda: count_everything_the_page_was_cut_from(),
        )

`totalCount` runs `total` only when the client selects it, so a list asked without it costs
no count query.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

import strawberry
from strawberry.relay import PageInfo

T = TypeVar("T")
Total = Callable[[], Awaitable[int]]
"""Counts every item of the list a page was cut from: its filter and the caller's reach."""


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
    total: strawberry.Private[Total]

    @strawberry.field(
        description="How many items the whole list holds (its filter and your reach, every"
        " page); counted only when asked for."
    )
    async def total_count(self) -> int:
        return await self.total()


@strawberry.type
class Connection(Edges[T]):
    """A page of edges, with their nodes also listed on their own."""

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def counted(number: int) -> Total:
    """A `total` already known, such as a case's number of events."""

    async def total() -> int:
        return number

    return total


def page_info(edges: Sequence[Edge[T]], *, has_next: bool, has_previous: bool) -> PageInfo:
    """Where a page of `edges` stands: whether there is more either side, and its end cursors."""
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
