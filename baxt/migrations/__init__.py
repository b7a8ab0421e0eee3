"""Ordered SQL files for the read models, applied once each and never edited after."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files

import psycopg

_LOCK_KEY = 0x62617874  # one advisory lock for every process that migrates this database


class MigrationEdited(RuntimeError):
    """Raised when a migration already applied to the database has been changed since."""


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def available() -> list[Migration]:
    folder = files(__name__)
    return sorted(
        (
            Migration(entry.name, entry.read_text(encoding="utf-8"))
            for entry in folder.iterdir()
            if entry.name.endswith(".sql")
        ),
        key=lambda m: m.name,
    )


def apply_migrations(conninfo: str, *, then: Sequence[Callable[[], object]] = ()) -> list[str]:
    """Applies the migrations not yet applied, in order, then runs each of `then` (such as
    making the event store's own tables), all under one advisory lock, so that processes
    started together on a fresh database never race to make the same table; returns the
    names of the migrations applied now."""
    applied_now: list[str] = []
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " name text PRIMARY KEY, checksum text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            done: dict[str, str] = dict(
                conn.execute("SELECT name, checksum FROM schema_migrations").fetchall()
            )
            for migration in available():
                if migration.name in done:
                    if done[migration.name] != migration.checksum:
                        raise MigrationEdited(f"migration {migration.name} was edited after it ran")
                    continue
                with conn.transaction():
                    conn.execute(migration.sql.encode())
                    conn.execute(
                        "INSERT INTO schema_migrations (name, checksum) VALUES (%s, %s)",
                        (migration.name, migration.checksum),
                    )
                applied_now.append(migration.name)
            for step in then:
                step()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))
    return applied_now
