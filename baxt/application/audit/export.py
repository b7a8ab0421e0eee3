"""Exports the case history as JSON Lines of CloudEvents, streamed in notification order.

A time range is read from the events themselves: each event's time lives inside its stored
state, so the database decodes it while it scans the whole log in notification order and
ships only the events whose time falls in the range. The log has no index by event time, so
a range costs a full scan (two, counting the one that sizes the progress bar); a case costs
an index lookup. Times and notification order almost always agree, but an event written late
(a batch that took its clock reading before a long save) lands in the range its own time
says, wherever its notification is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any
from uuid import UUID

import psycopg
from psycopg import IsolationLevel, sql

from baxt.application.audit.cloud_events import StoredCaseEvent, to_json_line
from baxt.application.cases.application import CaseApplication
from baxt.domain.errors import CaseNotFound, InvalidInput

Progress = Callable[[int, int], None]
_EVENT_TIME = sql.SQL(
    "(convert_from(state, 'UTF8')::json -> 'timestamp' ->> '_data_')::timestamptz"
)


@dataclass(frozen=True)
class ExportScope:
    """Which events: one case's (all its versions), those whose time is in [since, until),
    both, or (all None) the whole history."""

    case_id: UUID | None = None
    since: datetime | None = None
    until: datetime | None = None

    def __post_init__(self) -> None:
        for name, at in (("from", self.since), ("to", self.until)):
            if at is not None and at.utcoffset() is None:
                raise InvalidInput(f"the time '{name}' needs a time zone", (name,))
        if self.since is not None and self.until is not None and self.since >= self.until:
            raise InvalidInput("the time range must end after it starts", ("to",))

    @property
    def is_whole_case(self) -> bool:
        return self.case_id is not None and self.since is None and self.until is None

    def where(self) -> tuple[sql.Composable, dict[str, Any]]:
        conditions: list[sql.Composable] = [sql.SQL("TRUE")]
        if self.case_id is not None:
            conditions.append(sql.SQL("originator_id = %(case_id)s"))
        if self.since is not None:
            conditions.append(sql.SQL("{} >= %(since)s").format(_EVENT_TIME))
        if self.until is not None:
            conditions.append(sql.SQL("{} < %(until)s").format(_EVENT_TIME))
        params = {"case_id": self.case_id, "since": self.since, "until": self.until}
        return sql.SQL(" AND ").join(conditions), params


class HistoryExport:
    """Streams case events out of the event store, in one snapshot, with flat memory.

    A server-side cursor fetches `batch_size` rows at a time inside one read-only repeatable
    read transaction, so the count behind the progress and the events written agree even
    while cases are being saved.
    """

    def __init__(self, app: CaseApplication, conninfo: str, *, batch_size: int = 2000) -> None:
        recorder: Any = app.recorder
        self._table = sql.Identifier(recorder.datastore.schema, recorder.events_table_name)
        self._conninfo = conninfo
        self._batch_size = batch_size

    def write(self, scope: ExportScope, out: IO[bytes], progress: Progress | None = None) -> int:
        """Writes each event of `scope` to `out` as one line; returns how many it wrote.

        Raises CaseNotFound when the scope is the whole history of a case with no events.
        """
        done = 0
        for done, (event, total) in enumerate(self.events(scope), start=1):
            out.write(to_json_line(event))
            if progress is not None and (done % self._batch_size == 0 or done == total):
                progress(done, total)
        if done == 0 and progress is not None:
            progress(0, 0)
        return done

    def events(self, scope: ExportScope) -> Iterator[tuple[StoredCaseEvent, int]]:
        """Each stored event of `scope` in notification order, with how many there are."""
        where, params = scope.where()
        count = sql.SQL("SELECT count(*) FROM {} WHERE {}").format(self._table, where)
        select = sql.SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state"
            " FROM {} WHERE {} ORDER BY notification_id"
        ).format(self._table, where)
        with psycopg.connect(self._conninfo) as conn:
            conn.read_only = True
            conn.isolation_level = IsolationLevel.REPEATABLE_READ
            with conn.transaction():
                row = conn.execute(count, params).fetchone()
                total = int(row[0]) if row else 0
                if total == 0 and scope.is_whole_case:
                    raise CaseNotFound(f"no case has the ID {scope.case_id}", ("case",))
                with conn.cursor(name="baxt_history_export") as cursor:
                    cursor.itersize = self._batch_size
                    cursor.execute(select, params, binary=True)
                    for n, i, v, topic, state in cursor:
                        yield StoredCaseEvent(n, i, v, topic, bytes(state)), total
