"""Proofs against published checkpoints: one event is in the log; the log only grew.

Each proof loads the ledger's leaf hashes up to the checkpoint's size (32 bytes a leaf), so it
costs O(n) time and memory: right for an audit, not for serving proofs in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg

from baxt.application.audit.signing import LogIdentity, StoredCheckpoint, stored_checkpoints
from baxt.application.cases.read_model import EVENTS_TABLE
from baxt.domain.chain import event_bytes
from baxt.domain.errors import CaseNotFound, DomainError
from baxt.domain.merkle import (
    ConsistencyProof,
    InclusionProof,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)

_LEAF = f"""
SELECT l.leaf_index, e.topic, e.state FROM audit_ledger l
LEFT JOIN {EVENTS_TABLE} e ON e.notification_id = l.notification_id
WHERE l.originator_id = %s AND l.originator_version = %s"""  # noqa: S608
_LEAVES = "SELECT leaf_hash FROM audit_ledger WHERE leaf_index < %s ORDER BY leaf_index"


class NotInCheckpoint(DomainError):
    """Raised when the event is not yet covered by the checkpoint asked for, or by any."""

    code = "NOT_IN_CHECKPOINT"


class UnknownCheckpoint(DomainError):
    """Raised when no checkpoint of the log's key has the tree size asked for."""

    code = "UNKNOWN_CHECKPOINT"


@dataclass(frozen=True)
class EventInclusion:
    """Event `version` of a case is leaf `proof.leaf_index` of the checkpoint's tree."""

    case_id: UUID
    version: int
    entry: bytes
    """The event's canonical bytes as stored now: case ID, topic, 0x0A, state."""
    proof: InclusionProof
    checkpoint: StoredCheckpoint

    def holds(self) -> bool:
        return verify_inclusion(leaf_hash(self.entry), self.proof, self.checkpoint.root_hash)


@dataclass(frozen=True)
class LogConsistency:
    """The later checkpoint's tree is the earlier one's with entries appended."""

    first: StoredCheckpoint
    second: StoredCheckpoint
    proof: ConsistencyProof

    def holds(self) -> bool:
        return verify_consistency(self.proof, self.first.root_hash, self.second.root_hash)


class Prover:
    def __init__(self, conninfo: str, identity: LogIdentity) -> None:
        self._conninfo = conninfo
        self.identity = identity

    def checkpoints(self) -> list[StoredCheckpoint]:
        """The checkpoints the log's key signed, smallest tree first."""
        with psycopg.connect(self._conninfo) as conn:
            return [c for c in stored_checkpoints(conn, self.identity) if c.verified]

    def inclusion(
        self, case_id: UUID, version: int, tree_size: int | None = None
    ) -> EventInclusion:
        """The proof of one event against the checkpoint of `tree_size`, or the latest one."""
        with psycopg.connect(self._conninfo) as conn:
            found = conn.execute(_LEAF, (case_id, version)).fetchone()
            if found is None:
                raise CaseNotFound(f"no sealed event {version} of case {case_id}")
            index, topic, state = found
            checkpoint = self._checkpoint(conn, tree_size)
            if index >= checkpoint.tree_size:
                raise NotInCheckpoint(
                    f"event {version} of case {case_id} came after the checkpoint of"
                    f" {checkpoint.tree_size}; take a new checkpoint first"
                )
            leaves = _leaves(conn, checkpoint.tree_size)
        entry = event_bytes(case_id, topic, bytes(state)) if state is not None else b""
        proof = inclusion_proof(index, checkpoint.tree_size, leaves)
        return EventInclusion(case_id, version, entry, proof, checkpoint)

    def consistency(self, first_size: int, second_size: int) -> LogConsistency:
        """The proof that the checkpoint of `second_size` extends the one of `first_size`."""
        if first_size > second_size:
            first_size, second_size = second_size, first_size
        with psycopg.connect(self._conninfo) as conn:
            first = self._checkpoint(conn, first_size)
            second = self._checkpoint(conn, second_size)
            leaves = _leaves(conn, second_size)
        proof = consistency_proof(first_size, second_size, leaves)
        return LogConsistency(first, second, proof)

    def _checkpoint(self, conn: psycopg.Connection[Any], tree_size: int | None) -> StoredCheckpoint:
        trusted = [c for c in stored_checkpoints(conn, self.identity) if c.verified]
        if tree_size is None and trusted:
            return trusted[-1]
        for checkpoint in trusted:
            if checkpoint.tree_size == tree_size:
                return checkpoint
        if tree_size is None:
            raise NotInCheckpoint("no checkpoint has been taken yet")
        raise UnknownCheckpoint(f"no signed checkpoint has the tree size {tree_size}")


def _leaves(conn: psycopg.Connection[Any], tree_size: int) -> list[bytes]:
    return [bytes(leaf) for (leaf,) in conn.execute(_LEAVES, (tree_size,))]
