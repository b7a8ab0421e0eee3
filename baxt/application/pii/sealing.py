"""Seals the personal fields of a case event with the child's key (AES-256-GCM), and opens them.

A sealed field is stored as `pii:` and the URL-safe base64 of a 12-byte nonce and the
ciphertext, bound to the case ID as associated data, so it cannot be moved to another case.
Empty strings stay empty. Once the key is destroyed, every sealed field opens as `ERASED`.

The child's key is looked up only when a text needs it, and a value is copied only when one of
its texts changes: replaying a case opens each sealed text once and touches nothing else.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import operator
import os
from collections.abc import Callable
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from baxt.application.pii.child_keys import ChildKeys
from baxt.domain.personal_data import ERASED, PERSONAL_FIELDS, personal_event_fields

PREFIX = "pii:"
_NONCE_BYTES = 12
_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")

Transform = Callable[[str], str]


class Sealer:
    """Seals and opens the personal fields of case events with each child's own key."""

    def __init__(self, keys: ChildKeys) -> None:
        self.keys = keys

    def seal(self, case_id: UUID, state: dict[str, Any], event_type: type) -> dict[str, Any]:
        """The state of an event of `event_type` with its personal fields sealed under the
        case's key."""
        cipher: AESGCM | None = None

        def seal_text(text: str) -> str:
            nonlocal cipher
            if cipher is None:
                cipher = self.keys.writing_cipher(case_id)
            nonce = os.urandom(_NONCE_BYTES)
            sealed = nonce + cipher.encrypt(nonce, text.encode(), case_id.bytes)
            return PREFIX + base64.urlsafe_b64encode(sealed).decode()

        return transformed(state, personal_event_fields(event_type), seal_text)

    def open(self, case_id: UUID, state: dict[str, Any], event_type: type) -> dict[str, Any]:
        """The state of an event of `event_type` with its sealed fields opened, or reading
        `ERASED` once erased."""
        opener: Transform | None = None

        def open_text(text: str) -> str:
            nonlocal opener
            if not text.startswith(PREFIX):
                return text
            if opener is None:
                opener = opener_of(self.keys.reading_cipher(case_id), case_id)
            return opener(text)

        return transformed(state, personal_event_fields(event_type), open_text)


def opener_of(cipher: AESGCM | None, case_id: UUID) -> Transform:
    """What opens the texts sealed under `cipher` for this case; ERASED for each once the
    key is gone (`cipher` None)."""
    if cipher is None:
        return lambda text: ERASED
    associated = case_id.bytes

    def open_sealed(text: str) -> str:
        sealed = binascii.a2b_base64(text[len(PREFIX) :].encode().translate(_FROM_URLSAFE))
        return cipher.decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], associated).decode()

    return open_sealed


def transformed(
    state: dict[str, Any], fields: tuple[str, ...], change: Transform
) -> dict[str, Any]:
    """`state` with `change` applied to every personal text; `state` itself when none
    changed."""
    changed: dict[str, Any] | None = None
    for name, value in state.items():
        if name in fields and isinstance(value, str):
            new = change(value) if value else value
        elif isinstance(value, _SEQUENCES) or type(value) in PERSONAL_FIELDS:
            new = _value(value, change)
        else:
            continue
        if new is not value:
            if changed is None:
                changed = dict(state)
            changed[name] = new
    return state if changed is None else changed


_SEQUENCES = (tuple, list)


def _value(value: Any, change: Transform) -> Any:
    if isinstance(value, _SEQUENCES):
        items = [_value(item, change) for item in value]
        if all(map(operator.is_, items, value)):
            return value
        return type(value)(items)
    fields = PERSONAL_FIELDS.get(type(value))
    if fields is None:
        return value
    updates = {}
    for name in fields:
        text = getattr(value, name)
        if text and (new := change(text)) is not text:
            updates[name] = new
    return replaced_unchecked(value, updates) if updates else value


def replaced_unchecked(value: Any, updates: dict[str, Any]) -> Any:
    """A copy of the frozen value with `updates`, without re-running its constructor: only
    its personal fields change, to their sealed or opened form."""
    if not hasattr(value, "__dict__"):
        return dataclasses.replace(value, **updates)
    copy = object.__new__(type(value))
    copy.__dict__.update(vars(value), **updates)
    return copy
