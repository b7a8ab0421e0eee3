"""PostgreSQL's binary COPY stream for rows of fixed-width fields, built by numpy at once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # no flags, no header extension
TRAILER = b"\xff\xff"


def uuid_field(ids: NDArray[np.uint8]) -> NDArray[np.void]:
    """An n x 16 array of UUID bytes as one field of n rows."""
    return np.ascontiguousarray(ids, dtype=np.uint8).view("V16").reshape(-1)


def bigint_field(values: NDArray[np.int64]) -> NDArray[np.int64]:
    """64-bit integers as one field, in the network byte order COPY reads."""
    return np.asarray(values, dtype=">i8")


def binary_copy(fields: Sequence[NDArray[np.generic]]) -> bytes:
    """The whole COPY ... FROM STDIN (FORMAT BINARY) stream of these columns, one per field;
    every field of every row is present (no NULLs) and of its dtype's width."""
    rows = len(fields[0]) if fields else 0
    layout: list[tuple[str, str]] = [("count", ">i2")]
    for i, field in enumerate(fields):
        layout += [(f"size{i}", ">i4"), (f"value{i}", field.dtype.str)]
    table = np.empty(rows, dtype=np.dtype(layout))
    table["count"] = len(fields)
    for i, field in enumerate(fields):
        table[f"size{i}"] = field.dtype.itemsize
        table[f"value{i}"] = field
    return SIGNATURE + table.tobytes() + TRAILER
