"""Signed checkpoints of the notification log, as C2SP signed notes with Ed25519.

A checkpoint note reads, line by line: the origin, the tree size in decimal, the root hash
in base64, `timestamp ` and the time in UTC (RFC 3339, `Z`); then a blank line and one
signature line per key: an em dash, a space, the key name, a space, and
base64(key ID || Ed25519 signature of the text above the blank line).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from baxt.domain.errors import DomainError
from baxt.domain.merkle import HASH_SIZE

KeyEncoding = Literal["pem", "raw"]

_ED25519_TYPE = b"\x01"
_SIGNATURE_MARK = "\u2014 "
_TIMESTAMP_LABEL = "timestamp "
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z")
_TREE_SIZE = re.compile(r"0|[1-9][0-9]*")
_MAX_SIGNATURES = 16


class InvalidCheckpoint(DomainError):
    """Raised when a checkpoint note is not in the checkpoint format."""

    code = "INVALID_CHECKPOINT"


class UnverifiedCheckpoint(InvalidCheckpoint):
    """Raised when a checkpoint carries no valid signature by the trusted key."""

    code = "UNVERIFIED_CHECKPOINT"


class InvalidKeyFile(ValueError):
    """Raised when a key file holds neither a PEM nor a raw 32-byte Ed25519 key."""


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: the Merkle root of the first `tree_size` log entries, as of `timestamp`."""

    origin: str
    tree_size: int
    root_hash: bytes
    timestamp: datetime

    def __post_init__(self) -> None:
        if not _is_key_name(self.origin):
            raise ValueError("the origin must be non-empty, printable, without spaces or '+'")
        if self.tree_size < 0:
            raise ValueError("the tree size cannot be negative")
        if len(self.root_hash) != HASH_SIZE:
            raise ValueError(f"the root hash must be {HASH_SIZE} bytes")
        if self.timestamp.utcoffset() is None:
            raise ValueError("the timestamp must carry its time zone")
        object.__setattr__(self, "timestamp", self.timestamp.astimezone(UTC))


@dataclass(frozen=True)
class NoteSignature:
    """One signature line of a note, not yet verified."""

    key_name: str
    key_id: bytes
    signature: bytes


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint as parsed from a note, with the signatures it carries, none verified."""

    checkpoint: Checkpoint
    signatures: tuple[NoteSignature, ...]


def checkpoint_text(checkpoint: Checkpoint) -> str:
    """The note text of a checkpoint: the exact text its signatures sign."""
    root = base64.b64encode(checkpoint.root_hash).decode("ascii")
    stamp = checkpoint.timestamp.replace(tzinfo=None).isoformat() + "Z"
    lines = (checkpoint.origin, str(checkpoint.tree_size), root, _TIMESTAMP_LABEL + stamp)
    return "".join(line + "\n" for line in lines)


def key_id(key_name: str, public_key: Ed25519PublicKey) -> bytes:
    """SHA-256(key name || 0x0A || 0x01 || public key)[:4], as the signed-note spec says."""
    raw = public_key.public_bytes_raw()
    return hashlib.sha256(key_name.encode() + b"\n" + _ED25519_TYPE + raw).digest()[:4]


def verifier_key(key_name: str, public_key: Ed25519PublicKey) -> str:
    """The key as `name+hex key ID+base64(0x01 || public key)`, for note verifiers."""
    encoded = base64.b64encode(_ED25519_TYPE + public_key.public_bytes_raw()).decode("ascii")
    return f"{key_name}+{key_id(key_name, public_key).hex()}+{encoded}"


def sign_checkpoint(
    checkpoint: Checkpoint, private_key: Ed25519PrivateKey, key_name: str | None = None
) -> str:
    """The signed note of a checkpoint; the key is named after the origin unless told."""
    name = checkpoint.origin if key_name is None else key_name
    if not _is_key_name(name):
        raise ValueError("a key name must be non-empty, printable, without spaces or '+'")
    text = checkpoint_text(checkpoint)
    signature = private_key.sign(text.encode())
    blob = key_id(name, private_key.public_key()) + signature
    return f"{text}\n{_SIGNATURE_MARK}{name} {base64.b64encode(blob).decode('ascii')}\n"


def parse_checkpoint(note: str) -> SignedCheckpoint:
    """Read a checkpoint note back, without checking any signature."""
    return _read(note)[1]


def verify_checkpoint(
    note: str, public_key: Ed25519PublicKey, key_name: str | None = None
) -> Checkpoint:
    """The checkpoint of a note that the trusted key signed; signatures of other keys are ignored.

    The key is looked up by the origin as its name unless `key_name` is given.
    """
    text, signed = _read(note)
    name = signed.checkpoint.origin if key_name is None else key_name
    wanted = key_id(name, public_key)
    ours = [s for s in signed.signatures if s.key_name == name and s.key_id == wanted]
    if not ours:
        raise UnverifiedCheckpoint(f"the checkpoint carries no signature by {name}")
    for signature in ours:
        try:
            public_key.verify(signature.signature, text.encode())
        except InvalidSignature:
            raise UnverifiedCheckpoint(f"the signature by {name} does not verify") from None
    return signed.checkpoint


def generate_signing_key() -> Ed25519PrivateKey:
    """A new Ed25519 key for signing checkpoints."""
    return Ed25519PrivateKey.generate()


def save_private_key(
    private_key: Ed25519PrivateKey, path: Path, encoding: KeyEncoding = "pem"
) -> None:
    """Write a private key readable by its owner only; an existing file is never replaced."""
    if encoding == "pem":
        data = private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    else:
        data = private_key.private_bytes_raw()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


def save_public_key(
    public_key: Ed25519PublicKey, path: Path, encoding: KeyEncoding = "pem"
) -> None:
    """Write a public key, as PEM (SubjectPublicKeyInfo) or as its raw 32 bytes."""
    if encoding == "pem":
        data = public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    else:
        data = public_key.public_bytes_raw()
    path.write_bytes(data)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """Read a private key saved as PEM (PKCS#8) or as its raw 32-byte seed."""
    data = path.read_bytes()
    if data.startswith(b"-----BEGIN"):
        key = serialization.load_pem_private_key(data, password=None)
        if isinstance(key, Ed25519PrivateKey):
            return key
    elif len(data) == HASH_SIZE:
        return Ed25519PrivateKey.from_private_bytes(data)
    raise InvalidKeyFile(f"{path.name} holds no Ed25519 private key")


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read a public key saved as PEM (SubjectPublicKeyInfo) or as its raw 32 bytes."""
    data = path.read_bytes()
    if data.startswith(b"-----BEGIN"):
        key = serialization.load_pem_public_key(data)
        if isinstance(key, Ed25519PublicKey):
            return key
    elif len(data) == HASH_SIZE:
        return Ed25519PublicKey.from_public_bytes(data)
    raise InvalidKeyFile(f"{path.name} holds no Ed25519 public key")


def _read(note: str) -> tuple[str, SignedCheckpoint]:
    text, signature_lines = _split_note(note)
    signatures = tuple(_parse_signature(line) for line in signature_lines)
    return text, SignedCheckpoint(_parse_text(text), signatures)


def _split_note(note: str) -> tuple[str, list[str]]:
    if any(ord(char) < 0x20 and char != "\n" for char in note) or not note.endswith("\n"):
        raise InvalidCheckpoint("a note is lines of printable text, each ending in a newline")
    separator = note.rfind("\n\n")
    if separator < 0:
        raise InvalidCheckpoint("the note has no blank line before its signatures")
    lines = note[separator + 2 : -1].split("\n")
    if not 0 < len(lines) <= _MAX_SIGNATURES:
        raise InvalidCheckpoint(f"a note carries 1 to {_MAX_SIGNATURES} signatures")
    return note[: separator + 1], lines


def _parse_signature(line: str) -> NoteSignature:
    name, _, encoded = line.removeprefix(_SIGNATURE_MARK).partition(" ")
    if not line.startswith(_SIGNATURE_MARK) or not _is_key_name(name):
        raise InvalidCheckpoint("a signature line is an em dash, the key name and the signature")
    blob = _base64(encoded)
    if len(blob) <= 4:
        raise InvalidCheckpoint("a signature is a 4-byte key ID and the signature proper")
    return NoteSignature(name, blob[:4], blob[4:])


def _parse_text(text: str) -> Checkpoint:
    lines = text[:-1].split("\n")
    if len(lines) != 4 or not lines[3].startswith(_TIMESTAMP_LABEL):
        raise InvalidCheckpoint("a checkpoint is origin, tree size, root hash and timestamp")
    origin, size, root, stamp = lines[0], lines[1], lines[2], lines[3][len(_TIMESTAMP_LABEL) :]
    if not _TREE_SIZE.fullmatch(size) or not _TIMESTAMP.fullmatch(stamp):
        raise InvalidCheckpoint("the tree size or the timestamp is not in canonical form")
    try:
        moment = datetime.fromisoformat(stamp[:-1]).replace(tzinfo=UTC)
        checkpoint = Checkpoint(origin, int(size), _base64(root), moment)
    except ValueError as error:
        raise InvalidCheckpoint(f"the checkpoint does not hold: {error}") from None
    if checkpoint_text(checkpoint) != text:
        raise InvalidCheckpoint("the checkpoint is not in canonical form")
    return checkpoint


def _base64(encoded: str) -> bytes:
    try:
        decoded = base64.b64decode(encoded, validate=True)
    except ValueError:
        raise InvalidCheckpoint("expected standard base64") from None
    if base64.b64encode(decoded).decode("ascii") != encoded:
        raise InvalidCheckpoint("expected standard base64 in canonical form")
    return decoded


def _is_key_name(name: str) -> bool:
    return bool(name) and name.isprintable() and not any(c.isspace() or c == "+" for c in name)
