"""The child keys in PostgreSQL's `child_key` table, through the event store's own pool."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore

from baxt.application.pii.child_keys import ChildKeys, WrappedKey
from baxt.application.pii.master_keys import MasterKeys

_LOAD = "SELECT case_id, master_key_id, wrapped FROM child_key WHERE case_id = ANY(%s)"
_INSERT = (
    "INSERT INTO child_key (case_id, master_key_id, wrapped)"
    " SELECT * FROM unnest(%s::uuid[], %s::text[], %s::bytea[]) ON CONFLICT DO NOTHING"
    " RETURNING case_id"
)
_DESTROY = (
    "INSERT INTO child_key (case_id, master_key_id, wrapped, erased_at)"
    " VALUES (%s, '', NULL, now())"
    " ON CONFLICT (case_id) DO UPDATE SET wrapped = NULL, erased_at = now()"
    " WHERE child_key.wrapped IS NOT NULL"
)
_STALE = (
    "SELECT case_id, master_key_id, wrapped FROM child_key"
    " WHERE wrapped IS NOT NULL AND master_key_id <> %s ORDER BY case_id LIMIT %s"
)
_REWRAP = (
    "UPDATE child_key SET master_key_id = %s, wrapped = %s"
    " WHERE case_id = %s AND wrapped IS NOT NULL"
)


class PostgresChildKeys(ChildKeys):
    def __init__(self, datastore: PostgresDatastore, master: MasterKeys, **options: Any) -> None:
        super().__init__(master, **options)
        self._datastore = datastore

    def _load(self, case_ids: list[UUID]) -> dict[UUID, WrappedKey]:
        with self._datastore.transaction(commit=False) as curs:
            curs.execute(_LOAD, (case_ids,))
            return _rows(curs.fetchall())

    def _insert(self, rows: Mapping[UUID, WrappedKey]) -> set[UUID]:
        ids = list(rows)
        with self._datastore.transaction(commit=True) as curs:
            curs.execute(
                _INSERT,
                (ids, [rows[i].master_key_id for i in ids], [rows[i].wrapped for i in ids]),
            )
            return {row["case_id"] for row in curs.fetchall()}

    def _destroy(self, case_id: UUID) -> bool:
        with self._datastore.transaction(commit=True) as curs:
            curs.execute(_DESTROY, (case_id,))
            return curs.rowcount == 1

    def rewrap(self, batch: int = 1000, progress: Callable[[int], None] | None = None) -> int:
        """Wraps every key still under an older master key with the current one; how many."""
        done = 0
        for rows in self._stale_batches(batch):
            with self._datastore.transaction(commit=True) as curs:
                for case_id, row in rows.items():
                    assert row.wrapped is not None
                    key = self.master.unwrap(row.master_key_id, row.wrapped, case_id)
                    curs.execute(_REWRAP, (*self.master.wrap(key, case_id), case_id))
            done += len(rows)
            if progress is not None:
                progress(done)
        return done

    def _stale_batches(self, batch: int) -> Iterator[dict[UUID, WrappedKey]]:
        while True:
            with self._datastore.transaction(commit=False) as curs:
                curs.execute(_STALE, (self.master.current_id, batch))
                rows = _rows(curs.fetchall())
            if not rows:
                return
            yield rows


def _bytes(value: Any) -> bytes | None:
    return None if value is None else bytes(value)


def _rows(rows: list[Any]) -> dict[UUID, WrappedKey]:
    return {
        row["case_id"]: WrappedKey(row["master_key_id"], _bytes(row["wrapped"])) for row in rows
    }
