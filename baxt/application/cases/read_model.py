from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql
from psycopg.errors import UndefinedTable
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.rules import Operation
from baxt.application.access.view import CaseView
from baxt.application.cases.listing import (
    CaseFilter,
    CaseOrder,
    Keyset,
    conditions,
    page_query,
)
from baxt.application.cases.rows import CaseSummary, case_summary, masked_row
from baxt.application.pii.row_opener import RowOpener

__all__ = ["CaseFilter", "CaseOrder", "CaseReadModel", "Keyset", "Page", "Position"]

TRACKING_TABLE = "case_summary_tracking"
APPLICATION_NAME = "Cases"
EVENTS_TABLE = "cases_events"


@dataclass(frozen=True)
class Position:
    """A place in the list ordered most recently updated first."""

    updated_at: datetime
    case_id: UUID


@dataclass(frozen=True)
class Page:
    rows: list[CaseSummary]
    has_next: bool
    has_previous: bool


class CaseReadModel:
    """Reads `case_summary` through an async pool: one case, many cases, or a keyset page.

    Every read is for a `CaseView`: cases out of its reach are left out as if they did not
    exist (each one asked for by ID is logged as refused), and the fields it masks come masked.
    The rows' sealed texts are opened by `opener` (by default with the environment's PII
    master key), and a search goes through the blind index of the same master key.
    """

    def __init__(self, pool: AsyncConnectionPool[Any], opener: RowOpener | None = None) -> None:
        self._pool = pool
        self._opener = opener or RowOpener.from_environment()

    async def get(
        self, case_id: UUID, view: CaseView, *, purpose: Operation = Operation.READ_CASES
    ) -> CaseSummary | None:
        found = await self.get_many([case_id], view, purpose=purpose)
        return found.get(case_id)

    async def get_many(
        self,
        case_ids: Sequence[UUID],
        view: CaseView,
        *,
        purpose: Operation = Operation.READ_CASES,
    ) -> dict[UUID, CaseSummary]:
        """The cases the view reaches, masked; each one out of reach is logged as refused."""
        rows = await self._fetch(
            sql.SQL("SELECT * FROM case_summary WHERE case_id = ANY(%s)"), [list(case_ids)]
        )
        found = {row["case_id"]: case_summary(row) for row in rows}
        hidden = [case_id for case_id, row in found.items() if not view.scope.covers(row.facts)]
        for _ in hidden:
            view.refuse(purpose, "out of scope")
        return {
            case_id: masked_row(row, view.masks)
            for case_id, row in found.items()
            if case_id not in hidden
        }

    async def ids_in_reach(self, case_ids: Sequence[UUID], view: CaseView) -> set[UUID]:
        """Those of `case_ids` whose cases the view reaches; no content, nothing logged."""
        reach, params = view.scope.condition()
        query = sql.SQL("SELECT case_id FROM case_summary WHERE case_id = ANY(%s) AND {}").format(
            reach
        )
        rows = await self._fetch(query, [list(case_ids), *params])
        return {row["case_id"] for row in rows}

    async def page(
        self,
        case_filter: CaseFilter,
        view: CaseView,
        *,
        limit: int,
        order: CaseOrder = CaseOrder.RECENTLY_UPDATED,
        after: Position | Keyset | None = None,
        before: Position | Keyset | None = None,
        from_end: bool = False,
    ) -> Page:
        """A page as the Relay connection spec cuts it, in `order` (newest first by default).

        `after` and `before` first narrow the whole list to the rows between them; then
        `limit` rows are taken from the front of what is left, or with `from_end` (`last`)
        from its back. A cursor given counts as a row beyond the page (it named one).
        """
        where, params = await self._listed(case_filter, view)
        query, params = page_query(
            where,
            params,
            order,
            after=_keyset(after) if after else None,
            before=_keyset(before) if before else None,
            from_end=from_end,
        )
        fetched = await self._fetch(query, [*params, limit + 1], searched=bool(case_filter.search))
        rows = [masked_row(case_summary(row), view.masks) for row in fetched]
        more = len(rows) > limit
        rows = rows[:limit]
        if from_end:
            rows.reverse()
            return Page(rows, has_next=before is not None, has_previous=more)
        return Page(rows, has_next=more, has_previous=after is not None)

    async def count(self, case_filter: CaseFilter, view: CaseView) -> int:
        """How many cases `page` lists under `case_filter` in the view's reach, every page."""
        where, params = await self._listed(case_filter, view)
        return await self._count(
            sql.SQL(" AND ").join(where), params, searched=bool(case_filter.search)
        )

    async def approval_queue_count(self, view: CaseView) -> int:
        """How many cases `approval_queue` lists for the view, every page."""
        reach, params = view.scope.condition()
        return await self._count(
            sql.SQL("pending_approval IS NOT NULL AND {}").format(reach), params
        )

    async def incoming_transfers_count(self, view: CaseView) -> int:
        """How many cases `incoming_transfers` lists for the view, every page."""
        reach, params = view.scope.place_condition("transfer_")
        return await self._count(
            sql.SQL("transfer_district IS NOT NULL AND {}").format(reach), params
        )

    async def _listed(
        self, case_filter: CaseFilter, view: CaseView
    ) -> tuple[list[sql.Composable], list[Any]]:
        index = None
        if case_filter.search:
            async with self._pool.connection() as conn:
                index = await self._opener.index(conn)
        where, params = conditions(case_filter, index)
        reach, reach_params = view.scope.condition()
        return [*where, reach], [*params, *reach_params]

    async def _count(
        self, where: sql.Composable, params: list[Any], *, searched: bool = False
    ) -> int:
        query = sql.SQL("SELECT count(*) AS n FROM case_summary WHERE {}").format(where)
        rows = await self._fetch(query, params, searched=searched)
        return int(rows[0]["n"])

    async def approval_queue(
        self, view: CaseView, *, limit: int, after: Position | None = None
    ) -> Page:
        """The cases in the view's reach with a request waiting for approval, oldest request
        first, `limit` a page after the request at `after` (its time and case)."""
        reach, params = view.scope.condition()
        conditions = [sql.SQL("pending_approval IS NOT NULL"), reach]
        if after is not None:
            conditions.append(sql.SQL("(approval_requested_at, case_id) > (%s, %s)"))
            params += [after.updated_at, after.case_id]
        query = sql.SQL(
            "SELECT * FROM case_summary WHERE {where}"
            " ORDER BY approval_requested_at, case_id LIMIT %s"
        ).format(where=sql.SQL(" AND ").join(conditions))
        fetched = await self._fetch(query, [*params, limit + 1])
        rows = [masked_row(case_summary(row), view.masks) for row in fetched]
        return Page(rows[:limit], has_next=len(rows) > limit, has_previous=after is not None)

    async def incoming_transfers(
        self, view: CaseView, *, limit: int, after: Position | None = None
    ) -> Page:
        """The cases with a transfer waiting whose target lies in the view's reach (wherever
        the case lies now), oldest request first, `limit` a page after `after`."""
        reach, params = view.scope.place_condition("transfer_")
        conditions = [sql.SQL("transfer_district IS NOT NULL"), reach]
        if after is not None:
            conditions.append(sql.SQL("(transfer_requested_at, case_id) > (%s, %s)"))
            params += [after.updated_at, after.case_id]
        query = sql.SQL(
            "SELECT * FROM case_summary WHERE {where}"
            " ORDER BY transfer_requested_at, case_id LIMIT %s"
        ).format(where=sql.SQL(" AND ").join(conditions))
        fetched = await self._fetch(query, [*params, limit + 1])
        rows = [masked_row(case_summary(row), view.masks) for row in fetched]
        return Page(rows[:limit], has_next=len(rows) > limit, has_previous=after is not None)

    async def tracked_notification_id(self) -> int:
        """How far the projection has got; 0 before it has ever run."""
        query = sql.SQL("SELECT notification_id FROM {} WHERE application_name = %s").format(
            sql.Identifier(TRACKING_TABLE)
        )
        try:
            rows = await self._fetch(query, [APPLICATION_NAME])
        except UndefinedTable:
            return 0
        return int(rows[0]["notification_id"]) if rows else 0

    async def lag(self) -> int:
        """How many stored events the projection has yet to process, in one query."""
        query = sql.SQL(
            "SELECT coalesce((SELECT max(notification_id) FROM {events}), 0)"
            " - coalesce((SELECT notification_id FROM {tracking} WHERE application_name = %s), 0)"
            " AS lag"
        ).format(events=sql.Identifier(EVENTS_TABLE), tracking=sql.Identifier(TRACKING_TABLE))
        try:
            rows = await self._fetch(query, [APPLICATION_NAME])
        except UndefinedTable:
            return 0
        return max(0, int(rows[0]["lag"]))

    async def _fetch(
        self, query: sql.Composable, params: list[Any], *, searched: bool = False
    ) -> list[dict[str, Any]]:
        """The rows of `query`, opened; a `searched` one is never prepared and is read under
        `_searching`, which says why."""
        async with (
            self._pool.connection() as conn,
            _searching(conn) if searched else nullcontext(),
            conn.cursor(row_factory=dict_row) as cur,
        ):
            await cur.execute(query, params, prepare=False if searched else None)
            rows: list[dict[str, Any]] = await cur.fetchall()
            return await self._opener.open_rows(conn, rows, "case_id")


@asynccontextmanager
async def _searching(conn: AsyncConnection[Any]) -> AsyncIterator[None]:
    """A search's transaction: read by one process, and (its query never prepared) planned
    for its own terms.

    A prepared statement soon runs a generic plan, which takes every term for as rare as the
    average one and reads all of a common term's cases, where reading the list in its order
    finds a page within a few hundred. Parallel workers take longer to start on a busy
    server than the few milliseconds a page of a search takes without them."""
    async with conn.transaction():
        await conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def _keyset(at: Position | Keyset) -> Keyset:
    return Keyset(at.updated_at, at.case_id) if isinstance(at, Position) else at
