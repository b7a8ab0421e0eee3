"""The master keys that wrap every child's key: the current one wraps, any listed one unwraps.

A master key is 32 random bytes written as unpadded URL-safe base64 (43 characters), the form
`baxt keys new` prints. Rotating it rewraps the child keys; the stored events never change.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Sequence
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
_NONCE_BYTES = 12
_CONTEXT = b"baxt:child-key:"


class MasterKeyError(ValueError):
    """Raised for a master key that is malformed, or unknown to this installation."""


def new_master_key() -> str:
    """A fresh master key, in its written form."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).rstrip(b"=").decode()


def parse_master_key(text: str) -> bytes:
    """The 32 bytes a written master key stands for; MasterKeyError when it is not one."""
    padded = text.strip() + "=" * (-len(text.strip()) % 4)
    try:
        key = base64.urlsafe_b64decode(padded.encode())
    except (binascii.Error, ValueError):
        raise MasterKeyError("a PII master key must be URL-safe base64") from None
    if len(key) != KEY_BYTES:
        raise MasterKeyError(f"a PII master key must be {KEY_BYTES} bytes, not {len(key)}")
    return key


def master_key_id(key: bytes) -> str:
    """A short public name for a master key: the start of its SHA-256."""
    return hashlib.sha256(key).hexdigest()[:16]


class MasterKeys:
    """The current master key and the previous ones still trusted for unwrapping."""

    def __init__(self, current: bytes, previous: Sequence[bytes] = ()) -> None:
        self.current_id = master_key_id(current)
        self._ciphers = {master_key_id(key): AESGCM(key) for key in (*previous, current)}

    @classmethod
    def from_text(cls, current: str, previous: str = "") -> MasterKeys:
        """From the written current key and a comma-separated list of previous ones."""
        older = [parse_master_key(text) for text in previous.split(",") if text.strip()]
        return cls(parse_master_key(current), older)

    def wrap(self, child_key: bytes, case_id: UUID) -> tuple[str, bytes]:
        """The current master key's ID and the child's key sealed under it, bound to the case."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._ciphers[self.current_id].encrypt(nonce, child_key, _CONTEXT + case_id.bytes)
        return self.current_id, nonce + sealed

    def unwrap(self, key_id: str, wrapped: bytes, case_id: UUID) -> bytes:
        """The child's key; MasterKeyError if its master key is not held or it was altered."""
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise MasterKeyError(f"the child key of {case_id} is wrapped by master key {key_id}")
        nonce, sealed = wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:]
        try:
            return cipher.decrypt(nonce, sealed, _CONTEXT + case_id.bytes)
        except InvalidTag:
            raise MasterKeyError(f"the child key of {case_id} does not open") from None
