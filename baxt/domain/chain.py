"""The hash chain of one case: hash_v = SHA-256(hash_(v-1) || event bytes v), hash_0 = GENESIS.

The chain binds each event to its position, so the event bytes need not carry the version.
If they do carry it, content moved to another version no longer matches anywhere and is
reported as ALTERED rather than REORDERED.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from uuid import UUID

GENESIS = bytes(32)


class ChainProblemKind(Enum):
    """What is wrong with the first version that does not check out."""

    ALTERED = "ALTERED"
    """The event's bytes match no recorded hash: they were changed after recording."""
    MISSING = "MISSING"
    """An expected version has no event row: deleted, truncated, or a gap in the versions."""
    REORDERED = "REORDERED"
    """The event's bytes are those recorded at another version (`recorded_at`): moved there."""
    UNRECORDED = "UNRECORDED"
    """An event with no recorded hash, or outside the expected versions: e.g. one appended."""


@dataclass(frozen=True)
class ChainRow:
    """One version of a case: the event table and the chain table joined on the version.

    `event` is None when the event row is gone; `recorded_hash` is None when no chain hash
    was recorded for the version.
    """

    version: int
    event: bytes | None
    recorded_hash: bytes | None


@dataclass(frozen=True)
class ChainProblem:
    """The first version that does not check out; `recorded_at` is set for REORDERED."""

    kind: ChainProblemKind
    version: int
    recorded_at: int | None = None


@dataclass(frozen=True)
class ChainVerdict:
    """The outcome of checking a case's chain: intact, or its first problem."""

    problem: ChainProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def event_bytes(originator_id: UUID, topic: str, state: bytes) -> bytes:
    """The canonical bytes of a stored event: its case ID (16 bytes), its topic, 0x0A, its state.

    The version is left out: the chain binds each event to its place, so content moved to
    another version is found as REORDERED, not merely ALTERED.
    """
    return originator_id.bytes + topic.encode() + b"\n" + state


def next_chain_hash(previous: bytes, event: bytes) -> bytes:
    """The chain hash of an event recorded after the one whose chain hash is `previous`."""
    return hashlib.sha256(previous + event).digest()


def chain_hashes(events: Iterable[bytes], genesis: bytes = GENESIS) -> list[bytes]:
    """The chain hashes of versions 1..n, given the event bytes in version order."""
    hashes: list[bytes] = []
    previous = genesis
    for event in events:
        previous = next_chain_hash(previous, event)
        hashes.append(previous)
    return hashes


def verify_chain(
    rows: Sequence[ChainRow], last_version: int, genesis: bytes = GENESIS
) -> ChainVerdict:
    """Check the stored rows of one case against versions 1..`last_version`.

    Every event is checked against its own recorded hash and its predecessor's, so the
    first problem found is the earliest version that was tampered with. The recorded
    hashes are trusted: they are the reference the events are checked against.
    """
    by_version = _index(rows)
    recorded = {row.version: row.recorded_hash for row in rows if row.recorded_hash is not None}
    recorded[0] = genesis
    expected = range(1, last_version + 1)
    for version in sorted(set(expected).union(by_version)):
        row = by_version.get(version, ChainRow(version, None, None))
        problem = _check(row, version in expected, recorded)
        if problem is not None:
            return ChainVerdict(problem)
    return ChainVerdict()


def _check(row: ChainRow, expected: bool, recorded: dict[int, bytes]) -> ChainProblem | None:
    if row.event is None:
        if expected or row.recorded_hash is not None:
            return ChainProblem(ChainProblemKind.MISSING, row.version)
        return None
    if not expected or row.recorded_hash is None:
        return ChainProblem(ChainProblemKind.UNRECORDED, row.version)
    if _matches(row.event, row.version, recorded):
        return None
    for other in sorted(recorded):
        if other not in (0, row.version) and _matches(row.event, other, recorded):
            return ChainProblem(ChainProblemKind.REORDERED, row.version, recorded_at=other)
    return ChainProblem(ChainProblemKind.ALTERED, row.version)


def _matches(event: bytes, version: int, recorded: dict[int, bytes]) -> bool:
    previous, expected = recorded.get(version - 1), recorded.get(version)
    if previous is None or expected is None:
        return False
    return next_chain_hash(previous, event) == expected


def _index(rows: Sequence[ChainRow]) -> dict[int, ChainRow]:
    by_version: dict[int, ChainRow] = {}
    for row in rows:
        if row.version in by_version:
            raise ValueError(f"version {row.version} appears twice among the rows")
        by_version[row.version] = row
    return by_version
