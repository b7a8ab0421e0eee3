"""Row-by-row comparison of a projection's live tables with their rebuilt shadow copies."""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql

from baxt.projections.shadow import Connection, ProjectionTables, Table

Key = tuple[str, ...]


@dataclass(frozen=True)
class TableDiff:
    """How one table's live rows differ from the rebuilt ones (none when they match)."""

    table: str
    key_columns: tuple[str, ...]
    live_only: int
    rebuilt_only: int
    differing: int
    keys: tuple[Key, ...]

    @property
    def matches(self) -> bool:
        return self.live_only == 0 and self.rebuilt_only == 0

    def describe(self) -> list[str]:
        if self.matches:
            return [f"{self.table}: same rows"]
        lines = [
            f"{self.table}: {self.differing} rows differ"
            f" ({self.live_only} only live, {self.rebuilt_only} only rebuilt)"
        ]
        for key in self.keys:
            pairs = ", ".join(f"{c}={v}" for c, v in zip(self.key_columns, key, strict=True))
            lines.append(f"  {pairs}")
        if len(self.keys) < self.differing:
            lines.append(f"  ... and {self.differing - len(self.keys)} more")
        return lines


def compare_tables(conn: Connection, tables: ProjectionTables, show: int) -> tuple[TableDiff, ...]:
    """Compares every table, whole rows, duplicates counted; names up to `show` keys each.

    Runs in the caller's transaction, so both sides are read from one snapshot.
    """
    return tuple(_compare(conn, table, show) for table in tables.tables)


def _compare(conn: Connection, table: Table, show: int) -> TableDiff:
    live_only = _except_all(conn, "_live_only", table.live, table.shadow)
    rebuilt_only = _except_all(conn, "_rebuilt_only", table.shadow, table.live)
    key = sql.SQL(", ").join(map(sql.Identifier, table.key))
    differing_keys = sql.SQL(
        "SELECT {key} FROM _live_only UNION SELECT {key} FROM _rebuilt_only"
    ).format(key=key)
    differing = conn.execute(
        sql.SQL("SELECT count(*) FROM ({}) AS d").format(differing_keys)
    ).fetchone()
    keys = conn.execute(
        sql.SQL("{} ORDER BY {} LIMIT %s").format(differing_keys, key), [show]
    ).fetchall()
    conn.execute("DROP TABLE _live_only, _rebuilt_only")
    return TableDiff(
        table=table.name,
        key_columns=table.key,
        live_only=live_only,
        rebuilt_only=rebuilt_only,
        differing=int(differing[0]) if differing else 0,
        keys=tuple(tuple(str(value) for value in row) for row in keys),
    )


def _except_all(conn: Connection, name: str, left: sql.Identifier, right: sql.Identifier) -> int:
    conn.execute(
        sql.SQL("CREATE TEMP TABLE {} AS SELECT * FROM {} EXCEPT ALL SELECT * FROM {}").format(
            sql.Identifier(name), left, right
        )
    )
    row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name))).fetchone()
    return int(row[0]) if row else 0
