"""Rebuilding a projection from the first event while the live one keeps serving.

The rebuild is written into shadow tables by the projection's own statements. `rebuild`
then swaps them in within one brief transaction; `check` compares them with the live ones
row by row instead, and drops them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import psycopg
from psycopg import errors, sql
from psycopg.conninfo import make_conninfo

from baxt.application.cases.application import CaseApplication
from baxt.domain.errors import DomainError
from baxt.projections.case_summary import TABLES, TRACKING_TABLE
from baxt.projections.catch_up import Progress, case_summary_view, catch_up
from baxt.projections.compare import TableDiff, compare_tables
from baxt.projections.shadow import (
    LIVE_SCHEMA,
    Connection,
    ProjectionTables,
    ShadowView,
    Table,
    build_indexes,
    create_shadow,
    drop_shadow,
)

REBUILDABLE = {
    "case_summary": ProjectionTables(
        tables=(
            Table(TABLES[0], ("case_id",)),
            Table(TABLES[1], ("case_id", "quarter")),
            Table(TABLES[2], ("case_id", "year")),
            Table(TABLES[3], ("referral_id",), lookups=("case_id",)),
            Table(TABLES[4], ("household_id",)),
            Table(TABLES[5], ("case_id", "quarter")),
            Table(TABLES[6], ("case_id",)),
            Table(TABLES[7], ("report_id",), lookups=("case_id",)),
            Table(TABLES[8], ("team_id",)),
            Table(TABLES[9], ("gathering_id",)),
            Table(TABLES[10], ("case_id", "kind", "key")),
            Table(TABLES[11], ("case_id", "kind", "term")),
        ),
        tracking=TRACKING_TABLE,
    ),
}
# The notifier's outbox holds what was sent and how delivery went: replaying its events
# would forget that, and could send every message again. The audit ledger is append-only
# and signed: it is verified, never rewritten.
NOT_REBUILDABLE = ("notifier", "ledger")

_REBUILD_LOCK = 0x62617872  # one rebuild or check at a time in a database
_LOCK_ATTEMPTS = 3

T = TypeVar("T")


class RebuildError(DomainError):
    """Raised when a projection cannot be rebuilt or checked."""

    code = "REBUILD_FAILED"


class NotRebuildable(RebuildError):
    """Raised when the name is not a projection that can be rebuilt."""

    code = "NOT_REBUILDABLE"

    def __init__(self, name: str) -> None:
        kind = "cannot be rebuilt" if name in NOT_REBUILDABLE else "is not a projection"
        super().__init__(f"{name!r} {kind}; the projections that can be: {', '.join(REBUILDABLE)}")


class RebuildInProgress(RebuildError):
    """Raised when another rebuild or check is running on the same database."""

    code = "REBUILD_IN_PROGRESS"


class LiveTablesBusy(RebuildError):
    """Raised when the live tables stayed locked by others through every attempt."""

    code = "LIVE_TABLES_BUSY"


@dataclass(frozen=True)
class Rebuilt:
    """A rebuild swapped in: the events it projected, the position it tracks, and how long
    the live tables were locked for the swap."""

    projection: str
    events: int
    position: int
    swap_seconds: float


@dataclass(frozen=True)
class CheckResult:
    """A rebuild compared with the live tables, both at `position`."""

    projection: str
    position: int
    tables: tuple[TableDiff, ...]

    @property
    def matches(self) -> bool:
        return all(table.matches for table in self.tables)

    def describe(self) -> list[str]:
        verdict = "matches" if self.matches else "DIFFERS from"
        head = (
            f"{self.projection} rebuilt up to notification {self.position} {verdict} the live one"
        )
        return [head, *(line for table in self.tables for line in table.describe())]


def projection_tables(name: str) -> ProjectionTables:
    """The tables of a rebuildable projection; raises NotRebuildable for any other name."""
    try:
        return REBUILDABLE[name]
    except KeyError:
        raise NotRebuildable(name) from None


def rebuild(
    env: dict[str, str],
    name: str,
    *,
    batch_size: int = 1000,
    progress: Progress | None = None,
    lock_timeout: float = 5.0,
) -> Rebuilt:
    """Projects `name` from the first event into shadow tables, then swaps them in.

    Readers and the live runner go on with the live tables meanwhile; the swap locks them
    only to project the last few events and exchange the tables, all in one transaction.
    """
    with _session(env, name) as s:
        events = catch_up(s.app, s.shadow, batch_size=batch_size, progress=progress)
        build_indexes(s.control, s.tables)
        s.shadow.analyze(s.tables)
        started = time.perf_counter()
        events_in_swap, position = _with_live_locked(s, "ACCESS EXCLUSIVE", lock_timeout, _swap)
        swap_seconds = time.perf_counter() - started
    return Rebuilt(name, events + events_in_swap, position, swap_seconds)


def check(
    env: dict[str, str],
    name: str,
    *,
    batch_size: int = 1000,
    progress: Progress | None = None,
    show: int = 10,
    lock_timeout: float = 5.0,
) -> CheckResult:
    """Rebuilds `name` aside and compares it with the live tables at one position, row by
    row, naming up to `show` differing keys a table; the live tables are left as they are."""
    with _session(env, name) as s:
        catch_up(s.app, s.shadow, batch_size=batch_size, progress=progress, until=s.live_position())
        with psycopg.connect(s.conninfo) as reader:
            reader.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            position = _with_live_locked(s, None, lock_timeout, _freeze(reader))
            diffs = compare_tables(reader, s.tables, show)
    return CheckResult(name, position, diffs)


@dataclass
class _Session:
    tables: ProjectionTables
    app: CaseApplication
    control: Connection
    shadow: ShadowView
    conninfo: str

    def live_position(self) -> int:
        row = self.control.execute(
            sql.SQL("SELECT notification_id FROM {} WHERE application_name = %s").format(
                _live_tracking(self)
            ),
            [self.app.name],
        ).fetchone()
        return int(row[0]) if row else 0


@contextmanager
def _session(env: dict[str, str], name: str) -> Iterator[_Session]:
    tables = projection_tables(name)
    conninfo = conninfo_of(env)
    app = CaseApplication(env)
    try:
        with (
            case_summary_view(env),  # makes the live tracking table if it is missing
            psycopg.connect(conninfo, autocommit=True) as control,
        ):
            _hold_rebuild_lock(control)
            create_shadow(control, tables)
            shadow = ShadowView(conninfo, tables.tracking)
            try:
                yield _Session(tables, app, control, shadow, conninfo)
            finally:
                shadow.close()
                drop_shadow(control)
    finally:
        app.close()


def _hold_rebuild_lock(control: Connection) -> None:
    row = control.execute("SELECT pg_try_advisory_lock(%s)", [_REBUILD_LOCK]).fetchone()
    if not row or not row[0]:
        raise RebuildInProgress("another rebuild or check is running on this database")


def _with_live_locked(
    s: _Session, tables_mode: str | None, lock_timeout: float, action: Callable[[_Session], T]
) -> T:
    """Runs `action` in one transaction of the control connection, with the live tracking
    table locked against every writer (and the live tables in `tables_mode`, if given)."""
    for attempt in range(1, _LOCK_ATTEMPTS + 1):
        try:
            with s.control.transaction():
                _lock_live(s, tables_mode, lock_timeout)
                return action(s)
        except (errors.LockNotAvailable, errors.DeadlockDetected):
            if attempt == _LOCK_ATTEMPTS:
                raise LiveTablesBusy(
                    f"the live {s.tables.tracking} tables stayed locked by others;"
                    " nothing was changed, try again"
                ) from None
    raise AssertionError("unreachable")


def _lock_live(s: _Session, tables_mode: str | None, lock_timeout: float) -> None:
    # In the live writers' own order: the tracking row first, then the tables.
    s.control.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(int(lock_timeout * 1000)))
    s.control.execute(sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(_live_tracking(s)))
    if tables_mode is not None:
        names = sql.SQL(", ").join(table.live for table in s.tables.tables)
        s.control.execute(sql.SQL("LOCK TABLE {} IN {} MODE").format(names, sql.SQL(tables_mode)))


def _swap(s: _Session) -> tuple[int, int]:
    events = catch_up(s.app, s.shadow)
    position = s.shadow.max_tracking_id(s.app.name)
    live = sql.SQL(", ").join(table.live for table in s.tables.tables)
    s.control.execute(sql.SQL("DROP TABLE {}").format(live))
    for table in s.tables.tables:
        s.control.execute(
            sql.SQL("ALTER TABLE {} SET SCHEMA {}").format(
                table.shadow, sql.Identifier(LIVE_SCHEMA)
            )
        )
    if position is None:
        return events, s.live_position()
    s.control.execute(
        sql.SQL(
            "INSERT INTO {} (application_name, notification_id) VALUES (%s, %s)"
            " ON CONFLICT (application_name)"
            " DO UPDATE SET notification_id = excluded.notification_id"
        ).format(_live_tracking(s)),
        [s.app.name, position],
    )
    return events, position


def _freeze(reader: Connection) -> Callable[[_Session], int]:
    """Brings the shadow to the live position and opens the reader's snapshot there."""

    def freeze(s: _Session) -> int:
        position = s.live_position()
        catch_up(s.app, s.shadow, until=position)
        reader.execute("SELECT 1")
        return position

    return freeze


def _live_tracking(s: _Session) -> sql.Identifier:
    return sql.Identifier(LIVE_SCHEMA, s.tables.tracking)


def conninfo_of(env: dict[str, str]) -> str:
    """The event store's connection settings, as a libpq connection string."""
    names = ("dbname", "host", "port", "user", "password")
    settings = {name: env.get(f"POSTGRES_{name.upper()}") for name in names}
    return make_conninfo(**{name: value for name, value in settings.items() if value})
