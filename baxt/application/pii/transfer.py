"""Moves the child keys between installations as JSON Lines, still wrapped.

A history export carries the events with their personal fields sealed; the keys travel apart,
in this file, and open nothing without the master key. An erased child's line has no key.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import psycopg

from baxt.domain.errors import InvalidInput

_SELECT = "SELECT case_id, master_key_id, wrapped, erased_at FROM child_key ORDER BY case_id"
_INSERT = (
    "INSERT INTO child_key (case_id, master_key_id, wrapped, erased_at)"
    " VALUES (%s, %s, %s, %s) ON CONFLICT (case_id) DO NOTHING"
)


class MalformedKeyLine(InvalidInput):
    code = "MALFORMED_KEY_LINE"

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}", ("file",))


def write_keys(conninfo: str, out: IO[bytes]) -> int:
    """Writes every child key row, wrapped as stored; returns how many."""
    count = 0
    with psycopg.connect(conninfo) as conn, conn.cursor(name="baxt_keys") as cursor:
        cursor.execute(_SELECT)
        for case_id, master_key_id, wrapped, erased_at in cursor:
            line = {
                "case_id": str(case_id),
                "master_key_id": master_key_id,
                "wrapped": base64.b64encode(wrapped).decode() if wrapped is not None else None,
                "erased_at": erased_at.isoformat() if erased_at is not None else None,
            }
            out.write(json.dumps(line).encode() + b"\n")
            count += 1
    return count


def read_keys(conninfo: str, path: Path) -> int:
    """Adds the file's key rows, all or nothing, keeping any case that has a row already."""
    rows = list(_rows(path))
    with psycopg.connect(conninfo) as conn, conn.transaction(), conn.cursor() as cursor:
        cursor.executemany(_INSERT, rows)
    return len(rows)


def _rows(path: Path) -> Iterator[tuple[Any, ...]]:
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield _row(number, line)


def _row(number: int, line: bytes) -> tuple[Any, ...]:
    try:
        data = json.loads(line)
        wrapped = base64.b64decode(data["wrapped"], validate=True) if data["wrapped"] else None
        if (wrapped is None) != (data["erased_at"] is not None):
            raise ValueError("a key must be either wrapped or erased")
        return (data["case_id"], str(data["master_key_id"]), wrapped, data["erased_at"])
    except (ValueError, KeyError, TypeError) as error:
        raise MalformedKeyLine(number, str(error) or type(error).__name__) from None
