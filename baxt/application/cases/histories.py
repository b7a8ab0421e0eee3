"""Many cases' histories read at once: one reach check, one thread hop, one event-store query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

import anyio.to_thread
from eventsourcing.persistence import AggregateRecorder, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder
from psycopg.sql import SQL, Identifier

from baxt.application.access.rules import Operation, require
from baxt.application.access.view import CaseView
from baxt.application.cases.application import CaseApplication, HistoryEntry, history_entry
from baxt.application.cases.read_model import CaseReadModel


@dataclass(frozen=True)
class HistoryPage:
    """Up to `limit` of a case's events after its version `after`, oldest first."""

    case_id: UUID
    after: int
    limit: int


class CaseHistories:
    """Reads the history pages of many cases for one caller, at a cost that does not grow with
    their number.

    A case the caller does not reach answers `None`, and is logged as refused, exactly as
    `CaseService.history` refuses it; the fields the caller's view masks come masked.
    """

    def __init__(self, app: CaseApplication, read_model: CaseReadModel) -> None:
        self.app = app
        self.read_model = read_model

    async def pages(
        self, view: CaseView, pages: Sequence[HistoryPage]
    ) -> list[list[HistoryEntry] | None]:
        require(view.principal, Operation.READ_CASES)
        reached = await self.read_model.get_many([page.case_id for page in pages], view)
        wanted = [page for page in pages if page.case_id in reached]
        found = await anyio.to_thread.run_sync(lambda: read_pages(self.app, wanted))
        masked = {
            page: [replace(e, data=view.masks.plain(e.data)) for e in entries]
            for page, entries in zip(wanted, found, strict=True)
        }
        return [masked.get(page) for page in pages]


def read_pages(app: CaseApplication, pages: Sequence[HistoryPage]) -> list[list[HistoryEntry]]:
    """Each page's events from the event store, as `CaseApplication.history` reads one.

    On PostgreSQL the pages come in one query and the children's keys in one more; another
    recorder is read a case at a time.
    """
    stored = _select_pages(app.recorder, pages)
    app.child_keys.load({page.case_id for page in pages})
    return [[history_entry(app.mapper.to_domain_event(s)) for s in events] for events in stored]


def _select_pages(
    recorder: AggregateRecorder, pages: Sequence[HistoryPage]
) -> list[list[StoredEvent]]:
    if not isinstance(recorder, PostgresAggregateRecorder):
        return [_select_page(recorder, page) for page in pages]
    if not pages:
        return []
    rows = _fetch_pages(recorder, pages)
    found: dict[int, list[StoredEvent]] = {i: [] for i in range(len(pages))}
    for row in rows:
        found[row["page"]].append(_stored_event(row))
    return [found[i] for i in range(len(pages))]


def _select_page(recorder: AggregateRecorder, page: HistoryPage) -> list[StoredEvent]:
    selected = recorder.select_events(page.case_id, gt=page.after or None, limit=page.limit)
    return list(selected)


_PAGES = SQL(
    "SELECT wanted.page, e.originator_id, e.originator_version, e.topic, e.state"
    " FROM unnest(%s::int[], %s::uuid[], %s::bigint[], %s::bigint[])"
    " AS wanted(page, originator_id, after, size)"
    " CROSS JOIN LATERAL (SELECT * FROM {schema}.{table} t"
    " WHERE t.originator_id = wanted.originator_id AND t.originator_version > wanted.after"
    " ORDER BY t.originator_version ASC LIMIT wanted.size) e"
    " ORDER BY wanted.page, e.originator_version"
)


def _fetch_pages(recorder: PostgresAggregateRecorder, pages: Sequence[HistoryPage]) -> list[Any]:
    statement = _PAGES.format(
        schema=Identifier(recorder.datastore.schema),
        table=Identifier(recorder.events_table_name),
    )
    params = (
        list(range(len(pages))),
        [page.case_id for page in pages],
        [page.after for page in pages],
        [page.limit for page in pages],
    )
    with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
        curs.execute(statement, params)
        return curs.fetchall()


def _stored_event(row: Any) -> StoredEvent:
    return StoredEvent(
        originator_id=row["originator_id"],
        originator_version=row["originator_version"],
        topic=row["topic"],
        state=bytes(row["state"]),
    )
