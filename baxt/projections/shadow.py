"""Shadow copies of a projection's tables, in a schema of their own, for rebuilding aside."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from eventsourcing.persistence import Tracking
from psycopg import sql

from baxt.projections.case_summary import apply_statements
from baxt.projections.statements import Statement

LIVE_SCHEMA = "public"
SHADOW_SCHEMA = "baxt_rebuild"

Connection = psycopg.Connection[Any]


@dataclass(frozen=True)
class Table:
    """A read-model table and the columns that identify its rows."""

    name: str
    key: tuple[str, ...]
    lookups: tuple[str, ...] = ()
    """Columns other than the key that the projection's statements find rows by."""

    @property
    def live(self) -> sql.Identifier:
        return sql.Identifier(LIVE_SCHEMA, self.name)

    @property
    def shadow(self) -> sql.Identifier:
        return sql.Identifier(SHADOW_SCHEMA, self.name)


@dataclass(frozen=True)
class ProjectionTables:
    """What a projection writes: its tables, and the table that tracks its position."""

    tables: tuple[Table, ...]
    tracking: str


def create_shadow(conn: Connection, tables: ProjectionTables) -> None:
    """Makes empty copies of the live tables (columns, defaults, constraints, and the indexes
    the projection writes through, under the live names) and a tracking table, in the
    shadow schema; replaces any left over.

    The other indexes serve only readers: building each once from the loaded rows
    (`build_indexes`) is far cheaper than keeping it up to date through every write.
    """
    with conn.transaction():
        drop_shadow(conn)
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(SHADOW_SCHEMA)))
        for table in tables.tables:
            conn.execute(
                sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING ALL)").format(table.shadow, table.live)
            )
            _name_indexes_as_live(conn, table)
            _drop_indexes_for_readers(conn, table)
        conn.execute(
            sql.SQL(
                "CREATE TABLE {}"
                " (application_name text PRIMARY KEY, notification_id bigint NOT NULL)"
            ).format(sql.Identifier(SHADOW_SCHEMA, tables.tracking))
        )


def drop_shadow(conn: Connection) -> None:
    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(SHADOW_SCHEMA)))


def index_names(conn: Connection, schema: str, table: str) -> dict[str, str]:
    """Each index of the table by its shape (its definition without name and table)."""
    rows = conn.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass",
        [sql.Identifier(schema, table).as_string(conn)],
    ).fetchall()
    return {_shape(definition): name for name, definition in rows}


def _shape(definition: str) -> str:
    head, _, tail = definition.partition(" ON ")
    return f"{'UNIQUE ' if ' UNIQUE ' in f' {head} ' else ''}{tail.partition(' ')[2]}"


def _name_indexes_as_live(conn: Connection, table: Table) -> None:
    live = index_names(conn, LIVE_SCHEMA, table.name)
    for shape, name in index_names(conn, SHADOW_SCHEMA, table.name).items():
        wanted = live.get(shape, name)
        if wanted != name:
            conn.execute(
                sql.SQL("ALTER INDEX {} RENAME TO {}").format(
                    sql.Identifier(SHADOW_SCHEMA, name), sql.Identifier(wanted)
                )
            )


def build_indexes(conn: Connection, tables: ProjectionTables) -> None:
    """Builds on each shadow table the live table's indexes it lacks, under their live names."""
    for table in tables.tables:
        present = set(index_names(conn, SHADOW_SCHEMA, table.name).values())
        for shape, name in index_names(conn, LIVE_SCHEMA, table.name).items():
            if name not in present:
                conn.execute(_create_index(shape, name, table.shadow))


def _create_index(shape: str, name: str, on: sql.Identifier) -> sql.Composed:
    unique, _, method = shape.partition("USING ")
    return sql.SQL("CREATE {}INDEX {} ON {} USING {}").format(
        sql.SQL(unique), sql.Identifier(name), on, sql.SQL(method)
    )


_INDEXES_FOR_READERS = """
SELECT c.relname FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
WHERE i.indrelid = %s::regclass AND NOT i.indisunique
  AND (a.attname IS NULL OR NOT a.attname = ANY(%s))"""


def _drop_indexes_for_readers(conn: Connection, table: Table) -> None:
    """Drops the shadow's indexes that no write finds its rows through: those neither unique
    nor led by the key's first column or a lookup column."""
    writers_find_by = [table.key[0], *table.lookups]
    rows = conn.execute(
        _INDEXES_FOR_READERS, [table.shadow.as_string(conn), writers_find_by]
    ).fetchall()
    for (name,) in rows:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(SHADOW_SCHEMA, name)))


class ShadowView:
    """Writes a projection's own statements into the shadow tables, with their own tracking.

    The statements name their tables unqualified; this connection's search path finds the
    shadow copies first, so the projection's code is the same for live and shadow.
    """

    def __init__(self, conninfo: str, tracking: str) -> None:
        self._conn: Connection = psycopg.connect(conninfo, autocommit=True)
        self._conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(SHADOW_SCHEMA)))
        table = sql.Identifier(tracking)
        self._select = sql.SQL("SELECT notification_id FROM {} WHERE application_name = %s").format(
            table
        )
        self._track = sql.SQL(
            "INSERT INTO {} VALUES (%s, %s) ON CONFLICT (application_name)"
            " DO UPDATE SET notification_id = excluded.notification_id"
        ).format(table)

    def max_tracking_id(self, application_name: str) -> int | None:
        row = self._conn.execute(self._select, [application_name]).fetchone()
        return int(row[0]) if row else None

    def write(self, statements: Sequence[Statement], tracking: Tracking) -> None:
        with self._conn.transaction():
            with self._conn.cursor() as curs:
                apply_statements(curs, statements)
            self._conn.execute(self._track, [tracking.application_name, tracking.notification_id])

    def analyze(self, tables: ProjectionTables) -> None:
        """Gathers the planner's statistics, so the swapped-in tables are planned well at once."""
        for table in tables.tables:
            self._conn.execute(sql.SQL("ANALYZE {}").format(table.shadow))

    def close(self) -> None:
        self._conn.close()
