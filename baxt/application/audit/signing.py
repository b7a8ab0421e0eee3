"""Signed checkpoints of the ledger: taken on demand or on a schedule, kept, and checked."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from baxt.application.audit.ledger import sealed_position
from baxt.application.checkpoints import (
    Checkpoint,
    InvalidCheckpoint,
    sign_checkpoint,
    verifier_key,
    verify_checkpoint,
)
from baxt.domain.merkle import CompactRange

_CHECKPOINT_LOCK = 0x62617876
_STORED = "SELECT tree_size, root_hash, signed_at, note FROM audit_checkpoint ORDER BY tree_size"
_LATEST_SIZE = "SELECT max(tree_size) FROM audit_checkpoint"
_LEAVES = "SELECT leaf_hash FROM audit_ledger WHERE leaf_index < %s ORDER BY leaf_index"
_INSERT = (
    "INSERT INTO audit_checkpoint (tree_size, root_hash, signed_at, note) VALUES (%s, %s, %s, %s)"
)


@dataclass(frozen=True)
class LogIdentity:
    """Who signs the log: its origin (also the key's name), its public key, and the keys it
    signed with before a rotation, whose checkpoints stay trusted."""

    origin: str
    public_key: Ed25519PublicKey
    previous_keys: tuple[Ed25519PublicKey, ...] = ()

    @property
    def verifier_key(self) -> str:
        """`name+keyid+base64(0x01 || key)`, the form note verifiers take."""
        return verifier_key(self.origin, self.public_key)


@dataclass(frozen=True)
class StoredCheckpoint:
    """A checkpoint as kept in the database; `verified` if the log's key signed what it says."""

    tree_size: int
    root_hash: bytes
    signed_at: datetime
    note: str
    verified: bool


def stored_checkpoints(
    conn: psycopg.Connection[Any], identity: LogIdentity, *, up_to: int | None = None
) -> list[StoredCheckpoint]:
    """Every checkpoint kept, smallest tree first, each checked against the log's key."""
    rows = conn.execute(_STORED).fetchall()
    return [
        StoredCheckpoint(size, bytes(root), at, note, _holds(identity, note, size, bytes(root)))
        for size, root, at, note in rows
        if up_to is None or size <= up_to
    ]


def _holds(identity: LogIdentity, note: str, size: int, root: bytes) -> bool:
    return any(
        _signed_by(key, identity.origin, note, size, root)
        for key in (identity.public_key, *identity.previous_keys)
    )


def _signed_by(key: Ed25519PublicKey, origin: str, note: str, size: int, root: bytes) -> bool:
    try:
        checkpoint = verify_checkpoint(note, key, origin)
    except InvalidCheckpoint:
        return False
    return (
        checkpoint.origin == origin
        and checkpoint.tree_size == size
        and hmac.compare_digest(checkpoint.root_hash, root)
    )


def ledger_root(conn: psycopg.Connection[Any], tree_size: int) -> bytes:
    """The Merkle root of the ledger's first `tree_size` leaves, streamed."""
    tree = CompactRange()
    with conn.cursor(name="leaves") as cursor:
        cursor.itersize = 10_000
        for (leaf,) in cursor.execute(_LEAVES, (tree_size,)):
            tree.append(bytes(leaf))
    if tree.size != tree_size:
        raise RuntimeError(f"the ledger holds {tree.size} leaves, not {tree_size}")
    return tree.root()


class CheckpointSigner:
    """Signs a checkpoint of everything sealed so far, when the ledger has grown since the last."""

    def __init__(
        self,
        conninfo: str,
        origin: str,
        private_key: Ed25519PrivateKey,
        clock: Callable[[], datetime],
        previous_keys: tuple[Ed25519PublicKey, ...] = (),
    ) -> None:
        self._conninfo = conninfo
        self.identity = LogIdentity(origin, private_key.public_key(), previous_keys)
        self._private_key = private_key
        self._clock = clock

    def sign(self) -> StoredCheckpoint | None:
        """The new checkpoint, or None when nothing was sealed since the last one."""
        with psycopg.connect(self._conninfo) as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_CHECKPOINT_LOCK,))
            size = sealed_position(conn).leaves
            latest = conn.execute(_LATEST_SIZE).fetchone()
            if latest is not None and latest[0] is not None and latest[0] >= size:
                return None
            checkpoint = Checkpoint(
                self.identity.origin, size, ledger_root(conn, size), self._clock()
            )
            note = sign_checkpoint(checkpoint, self._private_key)
            conn.execute(_INSERT, (size, checkpoint.root_hash, checkpoint.timestamp, note))
        return StoredCheckpoint(size, checkpoint.root_hash, checkpoint.timestamp, note, True)
