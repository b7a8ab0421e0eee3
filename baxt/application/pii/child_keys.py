"""Each child's own data key: made when the case is first saved, destroyed when erased.

Keys are kept wrapped by the master key, one row a case, apart from the events. Unwrapped keys
are cached for `cache_seconds`, so another process sees an erasure within that time; the process
that erases forgets the key at once.
"""

from __future__ import annotations

import os
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from baxt.application.pii.master_keys import MasterKeys
from baxt.domain.errors import CaseErased

CHILD_KEY_BYTES = 32
_CACHE_LIMIT = 50_000


class ChildKeyMissing(LookupError):
    """Raised when a case's events are sealed but no key row exists for it (not even erased)."""


@dataclass(frozen=True)
class _Held:
    """A child's key as cached: until when, the key (None once erased) and its cipher."""

    until: float
    key: bytes | None
    cipher: AESGCM | None


@dataclass(frozen=True)
class WrappedKey:
    master_key_id: str
    wrapped: bytes | None  # None once erased


class ChildKeys(ABC):
    """Every child's data key, by case ID."""

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
        self._cache: dict[UUID, _Held] = {}

    def for_writing(self, case_id: UUID) -> bytes:
        """The case's key, made now if it has none; CaseErased once it is destroyed."""
        key = self._writing(case_id).key
        assert key is not None
        return key

    def for_reading(self, case_id: UUID) -> bytes | None:
        """The case's key, or None once erased; ChildKeyMissing if it never had one."""
        return self._reading(case_id).key

    def writing_cipher(self, case_id: UUID) -> AESGCM:
        """The AES-GCM cipher of the case's key, as `for_writing` finds the key."""
        cipher = self._writing(case_id).cipher
        assert cipher is not None
        return cipher

    def reading_cipher(self, case_id: UUID) -> AESGCM | None:
        """The AES-GCM cipher of the case's key, or None once erased, as `for_reading` finds
        the key."""
        return self._reading(case_id).cipher

    def _writing(self, case_id: UUID) -> _Held:
        held = self._held(case_id)
        if held is None:
            self.prepare([case_id])
            held = self._cache[case_id]
        if held.key is None:
            raise CaseErased("this child's personal data was erased; the case takes no changes")
        return held

    def _reading(self, case_id: UUID) -> _Held:
        held = self._held(case_id)
        if held is not None:
            return held
        rows = self._load([case_id])
        if case_id not in rows:
            raise ChildKeyMissing(f"no data key for case {case_id}")
        self._remember(case_id, rows[case_id])
        return self._cache[case_id]

    def load(self, case_ids: Iterable[UUID]) -> None:
        """Reads the keys of these cases in one go, so that reading their events next asks for
        none of them again (within `cache_seconds`)."""
        wanted = [case_id for case_id in dict.fromkeys(case_ids) if self._held(case_id) is None]
        if not wanted:
            return
        for case_id, row in self._load(wanted).items():
            self._remember(case_id, row)

    def prepare(self, case_ids: Iterable[UUID]) -> dict[UUID, bytes | None]:
        """Makes the keys the cases lack, in one go; gives each case's key (None if erased).

        The new keys come from one draw of random bytes and one insert; a key another
        process made meanwhile wins, and is read back.
        """
        wanted = list(dict.fromkeys(case_ids))
        rows = self._load(wanted)
        keys = {case_id: self._remember(case_id, row) for case_id, row in rows.items()}
        missing = [case_id for case_id in wanted if case_id not in rows]
        if missing:
            keys |= self._made(missing)
        return {case_id: keys[case_id] for case_id in wanted}

    def make(self, case_ids: Iterable[UUID]) -> dict[UUID, bytes | None]:
        """Makes the keys of cases that have no events yet, in one go, without reading first;
        a case that has a key row already (made by an earlier attempt, or erased) keeps it."""
        wanted = list(dict.fromkeys(case_ids))
        made = self._made(wanted) if wanted else {}
        return {case_id: made[case_id] for case_id in wanted}

    def _made(self, case_ids: list[UUID]) -> dict[UUID, bytes | None]:
        drawn = os.urandom(CHILD_KEY_BYTES * len(case_ids))
        made = {
            case_id: drawn[i * CHILD_KEY_BYTES : (i + 1) * CHILD_KEY_BYTES]
            for i, case_id in enumerate(case_ids)
        }
        wrapped = {
            case_id: WrappedKey(*self.master.wrap(key, case_id)) for case_id, key in made.items()
        }
        inserted = self._insert(wrapped)
        keys: dict[UUID, bytes | None] = {}
        for case_id in inserted:
            keys[case_id] = self._keep(case_id, made[case_id])
        lost = [case_id for case_id in case_ids if case_id not in inserted]
        for case_id, row in self._load(lost).items() if lost else ():
            keys[case_id] = self._remember(case_id, row)
        return keys

    def erase(self, case_id: UUID) -> bool:
        """Destroys the case's key; False if it was destroyed already."""
        self._cache.pop(case_id, None)
        return self._destroy(case_id)

    def forget(self, case_id: UUID) -> None:
        self._cache.pop(case_id, None)

    def _held(self, case_id: UUID) -> _Held | None:
        held = self._cache.get(case_id)
        return held if held is not None and held.until > self._clock() else None

    def _remember(self, case_id: UUID, row: WrappedKey) -> bytes | None:
        key = (
            None
            if row.wrapped is None
            else self.master.unwrap(row.master_key_id, row.wrapped, case_id)
        )
        return self._keep(case_id, key)

    def _keep(self, case_id: UUID, key: bytes | None) -> bytes | None:
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        cipher = None if key is None else AESGCM(key)
        self._cache[case_id] = _Held(self._clock() + self._cache_seconds, key, cipher)
        return key

    @abstractmethod
    def _load(self, case_ids: list[UUID]) -> dict[UUID, WrappedKey]: ...

    @abstractmethod
    def _insert(self, rows: Mapping[UUID, WrappedKey]) -> set[UUID]:
        """Inserts the rows, leaving alone any case that has a row already; gives the cases
        whose rows it inserted."""

    @abstractmethod
    def _destroy(self, case_id: UUID) -> bool: ...


class MemoryChildKeys(ChildKeys):
    """Keys kept in memory, for the in-memory event store of the unit tests."""

    def __init__(self, master: MasterKeys, **options: float) -> None:
        super().__init__(master, cache_seconds=options.get("cache_seconds", 0.0))
        self.rows: dict[UUID, WrappedKey] = {}

    def _load(self, case_ids: list[UUID]) -> dict[UUID, WrappedKey]:
        return {case_id: self.rows[case_id] for case_id in case_ids if case_id in self.rows}

    def _insert(self, rows: Mapping[UUID, WrappedKey]) -> set[UUID]:
        inserted = {case_id for case_id in rows if case_id not in self.rows}
        for case_id in inserted:
            self.rows[case_id] = rows[case_id]
        return inserted

    def _destroy(self, case_id: UUID) -> bool:
        row = self.rows.get(case_id)
        self.rows[case_id] = WrappedKey(row.master_key_id if row else "", None)
        return row is None or row.wrapped is not None
