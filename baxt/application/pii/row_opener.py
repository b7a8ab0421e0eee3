"""Opens the sealed texts of read-model rows as the API reads them, through its async pool.

The keys of a page's cases are read in one query on the connection that read the page, and
kept for `cache_seconds`; a text of a case whose key is destroyed opens as `ERASED`. Rows
written before their texts were sealed hold them in clear, and are given back as they are.
Birth dates, sealed under the key all cases share (`sealed_dates`), open as ISO texts.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from psycopg import AsyncConnection

from baxt.application.pii.blind_index import INDEX_KEY_OWNER, BlindIndex
from baxt.application.pii.keyring import MASTER_KEY, PREVIOUS_MASTER_KEYS
from baxt.application.pii.master_keys import MasterKeys
from baxt.application.pii.sealed_dates import DATE_PREFIX, DateSealer
from baxt.application.pii.sealing import PREFIX, Transform, opener_of

_LOAD = "SELECT case_id, master_key_id, wrapped FROM child_key WHERE case_id = ANY(%s)"
_CACHE_LIMIT = 50_000
Row = dict[str, Any]


class RowOpener:
    """Opens the `pii:` texts of rows, each under the key of the ID in its owner column."""

    def __init__(
        self,
        master: MasterKeys,
        *,
        cache_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.master = master
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._cache: dict[UUID, tuple[float, AESGCM | None]] = {}
        self._index: BlindIndex | None = None
        self._date_sealer: DateSealer | None = None
        self._shared_key: bytes | None = None

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> RowOpener:
        """An opener with the master keys of `BAXT_PII_KEY` (and the previous ones)."""
        env = os.environ if env is None else env
        return cls(MasterKeys.from_text(env[MASTER_KEY], env.get(PREVIOUS_MASTER_KEYS) or ""))

    async def open_rows(self, conn: AsyncConnection[Any], rows: list[Row], owner: str) -> list[Row]:
        """The rows with every sealed text in them opened (nested in jsonb too)."""
        sealed = [row for row in rows if _holds_sealed(row)]
        if not sealed:
            return rows
        with_dates = any(map(_holds_sealed_date, sealed))
        await self._load(conn, {row[owner] for row in sealed}, shared_key=with_dates)
        dates = await self._dates(conn) if with_dates else None
        opened = {id(row): self._opened(row, row[owner], dates) for row in sealed}
        return [opened.get(id(row), row) for row in rows]

    async def index(self, conn: AsyncConnection[Any]) -> BlindIndex | None:
        """The blind index, by its key in `child_key`; None while nothing made it. Kept for
        good once read: rotating the master key rewraps the same key."""
        key = await self._index_key(conn)
        if self._index is None and key is not None:
            self._index = BlindIndex(key)
        return self._index

    async def _dates(self, conn: AsyncConnection[Any]) -> DateSealer | None:
        key = await self._index_key(conn)
        if self._date_sealer is None and key is not None:
            self._date_sealer = DateSealer(key)
        return self._date_sealer

    async def _index_key(self, conn: AsyncConnection[Any]) -> bytes | None:
        if self._shared_key is None:
            cursor = await conn.execute(_LOAD, [[INDEX_KEY_OWNER]])
            row = await cursor.fetchone()
            if row is not None and row[2] is not None:
                self._shared_key = self.master.unwrap(row[1], row[2], row[0])
        return self._shared_key

    def _opened(self, row: Row, owner: UUID, dates: DateSealer | None) -> Row:
        held = self._cache.get(owner)
        open_text = opener_of(held[1] if held else None, owner)

        def open_any(text: str) -> str:
            if text.startswith(DATE_PREFIX):
                return text if dates is None else dates.open(owner, text)
            return open_text(text) if text.startswith(PREFIX) else text

        return {name: _open_value(value, open_any) for name, value in row.items()}

    async def _load(
        self, conn: AsyncConnection[Any], owners: set[UUID], *, shared_key: bool = False
    ) -> None:
        """The owners' keys not cached, and the shared key with them when asked and not yet
        held, in one query."""
        now = self._clock()
        wanted = [owner for owner in owners if self._cache.get(owner, (0.0,))[0] <= now]
        also = [INDEX_KEY_OWNER] if shared_key and self._shared_key is None else []
        if not wanted and not also:
            return
        cursor = await conn.execute(_LOAD, [wanted + also])
        if len(self._cache) + len(wanted) >= _CACHE_LIMIT:
            self._cache.clear()
        until = now + self._cache_seconds
        for case_id, key_id, wrapped in await cursor.fetchall():
            if case_id == INDEX_KEY_OWNER:
                if wrapped is not None:
                    self._shared_key = self.master.unwrap(key_id, wrapped, case_id)
                continue
            key = None if wrapped is None else self.master.unwrap(key_id, wrapped, case_id)
            self._cache[case_id] = (until, None if key is None else AESGCM(key))
        for owner in wanted:
            self._cache.setdefault(owner, (until, None))


def _holds_sealed(value: Any, prefixes: tuple[str, ...] = (PREFIX, DATE_PREFIX)) -> bool:
    if isinstance(value, str):
        return value.startswith(prefixes)
    if isinstance(value, dict):
        return any(_holds_sealed(item, prefixes) for item in value.values())
    if isinstance(value, list):
        return any(_holds_sealed(item, prefixes) for item in value)
    return False


def _holds_sealed_date(row: Row) -> bool:
    return _holds_sealed(row, (DATE_PREFIX,))


def _open_value(value: Any, open_text: Transform) -> Any:
    if isinstance(value, str):
        return open_text(value) if value.startswith((PREFIX, DATE_PREFIX)) else value
    if isinstance(value, dict):
        return {name: _open_value(item, open_text) for name, item in value.items()}
    if isinstance(value, list):
        return [_open_value(item, open_text) for item in value]
    return value
