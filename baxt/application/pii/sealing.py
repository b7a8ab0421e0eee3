"""Seals the personal fields of a case event with the child's key (AES-256-GCM), and opens them.

A sealed field is stored as `pii:` and the URL-safe base64 of a 12-byte nonce and the
ciphertext, bound to the case ID as associated data, so it cannot be moved to another case.
Empty strings stay empty. Once the key is destroyed, every sealed field opens as `ERASED`.
"""

from __future__ import annotations

import base64
import dataclasses
import os
from collections.abc import Callable
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from baxt.application.pii.child_keys import ChildKeys
from baxt.domain.personal_data import ERASED, PERSONAL_FIELDS, personal_event_fields

PREFIX = "pii:"
_NONCE_BYTES = 12

Transform = Callable[[str], str]


class Sealer:
    def __init__(self, keys: ChildKeys) -> None:
        self.keys = keys

    def seal(self, case_id: UUID, state: dict[str, Any], event_type: type) -> dict[str, Any]:
        """The state of an event of `event_type` with its personal fields sealed under the
        case's key."""
        fields = personal_event_fields(event_type)
        if not _has_personal_text(state, fields):
            return state
        cipher = AESGCM(self.keys.for_writing(case_id))

        def seal_text(text: str) -> str:
            nonce = os.urandom(_NONCE_BYTES)
            sealed = nonce + cipher.encrypt(nonce, text.encode(), case_id.bytes)
            return PREFIX + base64.urlsafe_b64encode(sealed).decode()

        return _transformed(state, fields, seal_text)

    def open(self, case_id: UUID, state: dict[str, Any], event_type: type) -> dict[str, Any]:
        """The state of an event of `event_type` with its sealed fields opened, or reading
        `ERASED` once erased."""
        fields = personal_event_fields(event_type)
        if not _has_sealed_text(state, fields):
            return state
        key = self.keys.for_reading(case_id)
        if key is None:
            return _transformed(
                state, fields, lambda text: ERASED if text.startswith(PREFIX) else text
            )
        cipher = AESGCM(key)

        def open_text(text: str) -> str:
            if not text.startswith(PREFIX):
                return text
            sealed = base64.urlsafe_b64decode(text[len(PREFIX) :])
            nonce, ciphertext = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
            return cipher.decrypt(nonce, ciphertext, case_id.bytes).decode()

        return _transformed(state, fields, open_text)


def _transformed(
    state: dict[str, Any], fields: tuple[str, ...], change: Transform
) -> dict[str, Any]:
    changed = {name: _value(value, change) for name, value in state.items()}
    for name in fields:
        if isinstance(changed.get(name), str) and changed[name]:
            changed[name] = change(changed[name])
    return changed


def _value(value: Any, change: Transform) -> Any:
    if isinstance(value, tuple | list):
        return type(value)(_value(item, change) for item in value)
    fields = PERSONAL_FIELDS.get(type(value))
    if fields is None:
        return value
    updates = {name: change(getattr(value, name)) for name in fields if getattr(value, name)}
    return dataclasses.replace(value, **updates)


def _personal_texts(state: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    texts: list[str] = []

    def collect(text: str) -> str:
        texts.append(text)
        return text

    _transformed(state, fields, collect)
    return texts


def _has_personal_text(state: dict[str, Any], fields: tuple[str, ...]) -> bool:
    return bool(_personal_texts(state, fields))


def _has_sealed_text(state: dict[str, Any], fields: tuple[str, ...]) -> bool:
    return any(text.startswith(PREFIX) for text in _personal_texts(state, fields))
