"""The monitoring facts as they stood at a position of the event log, derived again.

The `case_summary` projection's own statements are run over the events up to that position
into temporary copies of its tables, on one connection of their own: an unqualified table
name finds the session's temporary table first, so the projection's code is the same as
live, and the copies vanish with the connection. Published quarters are made, and verified,
this way, so what is published is exactly what a re-derivation gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from eventsourcing.persistence import Tracking
from psycopg import sql
from psycopg.rows import dict_row

from baxt.application.access.rules import Reach
from baxt.application.access.scope import CaseScope
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import EVENTS_TABLE
from baxt.application.monitoring.statements import (
    families_query,
    figures_query,
    indicator_query,
    timings_query,
)
from baxt.application.monitoring.table import FigureTable
from baxt.domain.chain import event_bytes
from baxt.domain.merkle import CompactRange, leaf_hash
from baxt.domain.monitoring.measures import PlaceLevel
from baxt.projections.case_summary import TABLES, TRACKING_TABLE, apply_statements
from baxt.projections.catch_up import catch_up
from baxt.projections.statements import Statement

Connection = psycopg.Connection[Any]
_EVERYWHERE = CaseScope(Reach.EVERYTHING)


class _TemporaryView:
    """The projection's tables as temporary copies, with their own tracking position."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        for name in TABLES:
            conn.execute(
                sql.SQL("CREATE TEMPORARY TABLE {} (LIKE {} INCLUDING ALL)").format(
                    sql.Identifier(name), sql.Identifier("public", name)
                )
            )
        conn.execute(
            sql.SQL(
                "CREATE TEMPORARY TABLE {} (application_name text PRIMARY KEY,"
                " notification_id bigint NOT NULL)"
            ).format(sql.Identifier(TRACKING_TABLE))
        )

    def max_tracking_id(self, application_name: str) -> int | None:
        row = self._conn.execute(
            sql.SQL("SELECT notification_id FROM pg_temp.{} WHERE application_name = %s").format(
                sql.Identifier(TRACKING_TABLE)
            ),
            [application_name],
        ).fetchone()
        return int(row[0]) if row else None

    def write(self, statements: Sequence[Statement], tracking: Tracking) -> None:
        with self._conn.transaction():
            with self._conn.cursor() as curs:
                apply_statements(curs, statements)
            self._conn.execute(
                sql.SQL(
                    "INSERT INTO pg_temp.{} VALUES (%s, %s) ON CONFLICT (application_name)"
                    " DO UPDATE SET notification_id = excluded.notification_id"
                ).format(sql.Identifier(TRACKING_TABLE)),
                [tracking.application_name, tracking.notification_id],
            )


@contextmanager
def facts_at(conninfo: str, app: CaseApplication, notification_id: int) -> Iterator[Connection]:
    """A connection whose `monitoring_facts` (and the projection's other tables) hold what
    the events up to `notification_id` made of them; gone when the block ends."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        catch_up(app, _TemporaryView(conn), until=notification_id)
        yield conn


def figure_table(conn: Connection, quarter: str, level: PlaceLevel) -> FigureTable:
    """The exact counts of a quarter's figures at `level`, everywhere, from `conn`'s facts."""
    table = FigureTable(level)
    reach, reach_params = _EVERYWHERE.named_condition()
    params: dict[str, Any] = {"region": None, "district": None, "mahalla": None}
    params |= {"quarter": quarter} | reach_params
    with conn.cursor(row_factory=dict_row) as cur:
        for query, add in (
            (figures_query(level), table.add_row),
            (timings_query(level), table.add_timing_row),
            (indicator_query(level), table.add_indicator_row),
            (families_query(level), table.add_families_row),
        ):
            for row in cur.execute(query.format(reach=reach), params).fetchall():
                add(row)
    table.finish()
    return table


_EVENTS = f"""SELECT originator_id, topic, state FROM {EVENTS_TABLE}
ORDER BY notification_id LIMIT %s"""  # noqa: S608


def events_root(conninfo: str, tree_size: int) -> bytes:
    """The Merkle root of the first `tree_size` stored events, from their own bytes (the
    ledger's leaves, computed again), streamed."""
    tree = CompactRange()
    with psycopg.connect(conninfo) as conn, conn.cursor(name="published_events") as cursor:
        cursor.itersize = 10_000
        for case_id, topic, state in cursor.execute(_EVENTS, (tree_size,)):
            tree.append(leaf_hash(event_bytes(case_id, topic, bytes(state))))
    return tree.root()


def derive_tables(
    conninfo: str, application: Callable[[], CaseApplication]
) -> Callable[[int, str], dict[PlaceLevel, FigureTable]]:
    """Derives a quarter's exact figure tables, at every level, from the events up to a
    notification, with a case application of its own (to decode them) for each derivation."""

    def derive(notification_id: int, quarter: str) -> dict[PlaceLevel, FigureTable]:
        app = application()
        try:
            with facts_at(conninfo, app, notification_id) as conn:
                return {level: figure_table(conn, quarter, level) for level in PlaceLevel}
        finally:
            app.close()

    return derive
