"""Text as PostgreSQL and UTF-8 can hold it, for everything written from stored events.

Commands refuse NUL and lone surrogates (see `baxt.domain.characters`), but events stored
before they did may hold them, and events are never changed. PostgreSQL holds no NUL in a
text or jsonb value, and a lone surrogate cannot be written as UTF-8 at all, so either would
stop the follower that writes it at the same event, for good. Each is written as U+FFFD
instead, the same way live and in a rebuild, so both give the same rows.

Times were not always held to plausible ranges either: a year-1 time with an offset east of
UTC lies before year 1 in UTC, which PostgreSQL stores but Python cannot read back, so every
read of its row would fail. Such a time is written as the earliest (or latest) one Python
reads back in any timezone.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg.types.json import Json, Jsonb

REPLACEMENT = "\ufffd"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_AS_THEY_ARE = frozenset({type(None), bool, int, float, Decimal, UUID, date, bytes})
EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)


def storable_text(value: str) -> str:
    """The text with each NUL and lone surrogate replaced by U+FFFD."""
    return _UNSTORABLE.sub(REPLACEMENT, value) if _UNSTORABLE.search(value) else value


def storable(value: Any) -> Any:
    """The value with every text in it `storable_text` and every aware time within what
    Python reads back: itself, or those inside its lists, tuples, dicts (keys too), Json/Jsonb
    wrappers and frozen dataclasses. Anything else (numbers, dates, UUIDs, bytes) is given
    back as it is."""
    if type(value) in _AS_THEY_ARE:
        return value
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return min(max(value, EARLIEST), LATEST)
    if isinstance(value, list | tuple):
        return type(value)(storable(item) for item in value)
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, Json | Jsonb):
        return type(value)(storable(value.obj), value.dumps)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (f.name for f in dataclasses.fields(value) if f.init)
        return dataclasses.replace(
            value, **{name: storable(getattr(value, name)) for name in fields}
        )
    return value
