"""Opens the sealed texts of read-model rows read straight from the database, for tests that
look at the tables themselves."""

from __future__ import annotations

import os
from typing import Any
from uuid import UUID

import psycopg
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from baxt.application.pii.blind_index import INDEX_KEY_OWNER
from baxt.application.pii.keyring import MASTER_KEY
from baxt.application.pii.master_keys import MasterKeys
from baxt.application.pii.sealed_dates import DATE_PREFIX, DateSealer
from baxt.application.pii.sealing import PREFIX, opener_of

_LOAD = "SELECT master_key_id, wrapped FROM child_key WHERE case_id = %s"


def opened(url: str, owner: UUID, value: Any, master_key: str | None = None) -> Any:
    """`value` (a text, or a list, dict or tuple holding texts) with each sealed text opened
    under `owner`'s key, and each sealed birth date under the shared one, as the API reads
    them."""
    master = MasterKeys.from_text(master_key or os.environ[MASTER_KEY])
    with psycopg.connect(url) as conn:
        row = conn.execute(_LOAD, [owner]).fetchone()
        shared = conn.execute(_LOAD, [INDEX_KEY_OWNER]).fetchone()
    cipher = None
    if row is not None and row[1] is not None:
        cipher = AESGCM(master.unwrap(row[0], bytes(row[1]), owner))
    open_sealed = opener_of(cipher, owner)
    dates = None
    if shared is not None and shared[1] is not None:
        dates = DateSealer(master.unwrap(shared[0], bytes(shared[1]), INDEX_KEY_OWNER))

    def open_text(text: str) -> str:
        if text.startswith(DATE_PREFIX):
            return text if dates is None else dates.open(owner, text)
        return open_sealed(text)

    return _open(value, open_text)


def _open(value: Any, open_text: Any) -> Any:
    if isinstance(value, str):
        return open_text(value) if value.startswith((PREFIX, DATE_PREFIX)) else value
    if isinstance(value, dict):
        return {name: _open(item, open_text) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_open(item, open_text) for item in value)
    return value
