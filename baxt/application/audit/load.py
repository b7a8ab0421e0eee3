"""Loads an exported history into an empty event store, as it was stored, in one transaction.

Each line gives back the stored row byte for byte (see `cloud_events`), and keeps its
notification ID (the `sequence` attribute), so an auditor's references hold in the new store.
The rows go in by COPY under the event store's own EXCLUSIVE lock, with the NOTIFY that wakes
the projection runners. Subscriptions that act on the world (the notifier's SMS and emails)
are marked as having seen the whole loaded history in the same transaction: loading history
never sends its messages again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.utils import Environment
from psycopg import sql

from baxt.application.audit.cloud_events import StoredCaseEvent, from_json_line
from baxt.application.cases.application import CaseApplication
from baxt.domain.errors import DomainError, InvalidInput

Progress = Callable[[int, int], None]
_PROGRESS_EVERY = 10_000
_COPY_TYPES = ["int8", "uuid", "int8", "text", "bytea"]


class EventStoreNotEmpty(DomainError):
    """Raised when a history is loaded into an event store that already holds case events."""

    code = "EVENT_STORE_NOT_EMPTY"


class MalformedHistoryLine(InvalidInput):
    """Raised when a line of a history file is not an exported case event; names the line."""

    code = "MALFORMED_HISTORY_LINE"

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}", ("line",))
        self.line = line


class DuplicateHistoryEvent(DomainError):
    """Raised when a history file holds the same case version twice."""

    code = "DUPLICATE_HISTORY_EVENT"


@dataclass(frozen=True)
class Silenced:
    """A subscription that must not act on loaded history: its name, and the statements that
    give it the state it would have built from that history. They run after the rows are in
    and may name the events table as `{events}`; each comes with its parameters."""

    name: str
    statements: Sequence[tuple[sql.SQL, dict[str, Any]]] = ()


@dataclass(frozen=True)
class Loaded:
    """What a load wrote: how many events, and the notification ID of the last one."""

    events: int
    last_notification_id: int


class HistoryLoad:
    """Loads a JSON Lines history file into the case event store; all of it or nothing."""

    def __init__(
        self, app: CaseApplication, conninfo: str, *, silenced: Sequence[Silenced] = ()
    ) -> None:
        recorder: Any = app.recorder
        self._schema: str = recorder.datastore.schema
        self._table = sql.Identifier(self._schema, recorder.events_table_name)
        self._channel = sql.Identifier(recorder.channel_name)
        self._conninfo = conninfo
        self._env = app.env
        self._application_name = app.name
        self._silenced = silenced

    def load(self, path: Path, progress: Progress | None = None) -> Loaded:
        """Writes every event of `path` in the file's order, or nothing.

        Raises EventStoreNotEmpty, MalformedHistoryLine or DuplicateHistoryEvent.
        """
        total = _count_lines(path)
        trackings = [self._tracking_statement(s.name) for s in self._silenced]
        try:
            with (
                psycopg.connect(self._conninfo) as conn,
                conn.transaction(),
                conn.cursor() as cur,
            ):
                self._lock_empty_store(cur)
                loaded = self._copy(cur, _events(path), total, progress)
                if loaded.events:
                    self._after_copy(cur, loaded, trackings)
        except psycopg.errors.UniqueViolation as error:
            detail = error.diag.message_detail or "a case version appears twice"
            raise DuplicateHistoryEvent(f"the file repeats an event: {detail}") from None
        return loaded

    def _lock_empty_store(self, cur: psycopg.Cursor[Any]) -> None:
        cur.execute("SET LOCAL lock_timeout = '30s'")
        cur.execute(sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(self._table))
        row = cur.execute(sql.SQL("SELECT EXISTS (SELECT FROM {})").format(self._table)).fetchone()
        if row and row[0]:
            raise EventStoreNotEmpty("the event store already holds case events", ("file",))
        cur.execute(sql.SQL("NOTIFY {}").format(self._channel))

    def _copy(
        self,
        cur: psycopg.Cursor[Any],
        events: Iterator[StoredCaseEvent],
        total: int,
        progress: Progress | None,
    ) -> Loaded:
        statement = sql.SQL(
            "COPY {} (notification_id, originator_id, originator_version, topic, state)"
            " FROM STDIN (FORMAT BINARY)"
        ).format(self._table)
        done = last = 0
        with cur.copy(statement) as copy:
            copy.set_types(_COPY_TYPES)
            for event in events:
                copy.write_row(
                    (event.notification_id, event.originator_id, event.originator_version,
                     event.topic, event.state)
                )  # fmt: skip
                done, last = done + 1, event.notification_id
                if progress is not None and done % _PROGRESS_EVERY == 0:
                    progress(done, total)
        if progress is not None and (done == 0 or done % _PROGRESS_EVERY):
            progress(done, done)
        return Loaded(done, last)

    def _after_copy(
        self, cur: psycopg.Cursor[Any], loaded: Loaded, trackings: list[sql.Composed]
    ) -> None:
        table = self._table.as_string(cur.connection)
        cur.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s)",
            (table, loaded.last_notification_id),
        )
        position = {
            "application_name": self._application_name,
            "notification_id": loaded.last_notification_id,
        }
        for silenced, tracking in zip(self._silenced, trackings, strict=True):
            for statement, params in silenced.statements:
                cur.execute(statement.format(events=self._table), params)
            cur.execute(tracking, position)

    def _tracking_statement(self, name: str) -> sql.Composed:
        """The subscription's tracking upsert; its table is made first if it is missing."""
        factory = InfrastructureFactory[PostgresTrackingRecorder].construct(
            env=Environment(name, self._env)
        )
        try:
            recorder = factory.tracking_recorder(PostgresTrackingRecorder)
            return recorder.insert_tracking_statement
        finally:
            factory.close()


def _events(path: Path) -> Iterator[StoredCaseEvent]:
    """The file's events in order; a line that is not one, or out of order, is refused."""
    previous = 0
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                event = from_json_line(line)
            except ValueError as error:
                raise MalformedHistoryLine(number, str(error)) from None
            if event.notification_id <= previous:
                reason = f"'sequence' {event.notification_id} does not follow {previous}"
                raise MalformedHistoryLine(number, reason)
            previous = event.notification_id
            yield event


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            count += chunk.count(b"\n")
    return count
