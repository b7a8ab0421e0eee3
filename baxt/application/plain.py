from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from baxt.application.storable import storable_text

LATER_FIELD = {"plain": False}
"""The metadata of a dataclass field that `plain` leaves out: a field added to a read shape
that the plain form of an earlier release pins (a case's goals), and that is read as its own."""


def plain(value: Any) -> Any:
    """The value as JSON-ready data: enums by value, dates as ISO text, dataclasses as dicts
    (without their `LATER_FIELD`s), and texts `storable_text`, so that an event stored before
    its text was checked still reads, projects and encodes as UTF-8."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("plain", True)
        }
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {storable_text(str(k)): plain(v) for k, v in value.items()}
    return value
