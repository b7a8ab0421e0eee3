"""The child keys an application uses: PostgreSQL's table beside a PostgreSQL event store."""

from __future__ import annotations

import os
from typing import Any

from baxt.application.pii.child_keys import ChildKeys, MemoryChildKeys
from baxt.application.pii.master_keys import KEY_BYTES, MasterKeyError, MasterKeys
from baxt.application.pii.postgres_keys import PostgresChildKeys

MASTER_KEY = "BAXT_PII_KEY"
PREVIOUS_MASTER_KEYS = "BAXT_PII_PREVIOUS_KEYS"
CACHE_SECONDS = "BAXT_PII_KEY_CACHE_SECONDS"


def child_keys(env: Any, datastore: Any) -> ChildKeys:
    """The keys for an event store: its own table with a datastore, memory without one.

    The master key comes from `BAXT_PII_KEY` in the application's environment; an in-memory
    store without one gets a random key of its own.
    """
    current = env.get(MASTER_KEY) or ""
    previous = env.get(PREVIOUS_MASTER_KEYS) or ""
    if datastore is None:
        key = (
            MasterKeys.from_text(current, previous)
            if current
            else MasterKeys(os.urandom(KEY_BYTES))
        )
        return MemoryChildKeys(key)
    if not current:
        raise MasterKeyError(f"{MASTER_KEY} is not set: the event store needs a PII master key")
    cache_seconds = float(env.get(CACHE_SECONDS) or 5.0)
    return PostgresChildKeys(
        datastore, MasterKeys.from_text(current, previous), cache_seconds=cache_seconds
    )
