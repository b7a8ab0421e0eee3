"""The rows of a synthetic extract written wrong on purpose, and where they go, for an
importer to reject."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from baxt.domain.risk import extract as x

WRONG_TYPE_COLUMN = x.indicator_column("UTILITY_ARREARS")
"""The numeric column a WRONG_TYPE row puts text in."""


class BadRowKind(Enum):
    """How a bad row is wrong."""

    BAD_PINFL = "BAD_PINFL"
    AGE_18_OR_OVER = "AGE_18_OR_OVER"
    WRONG_TYPE = "WRONG_TYPE"
    DUPLICATE_PINFL = "DUPLICATE_PINFL"
    MISSING_REQUIRED = "MISSING_REQUIRED"


@dataclass(frozen=True)
class BadRow:
    """A row written wrong on purpose, for an importer to reject."""

    row: int
    kind: BadRowKind
    column: str
    reason: str

    @property
    def line(self) -> int:
        """The row's line in the CSV file, the header being line 1."""
        return self.row + 2


def plan(children: int, bad_rows: int, seed: int) -> dict[int, tuple[BadRowKind, int]]:
    """Bad rows by position (never the first row): their kind, and how many came before."""
    rng = np.random.default_rng([seed, 0xBAD])
    rows = np.sort(rng.choice(np.arange(1, max(children, 1)), bad_rows, replace=False))
    kinds = [list(BadRowKind)[i % len(BadRowKind)] for i in rng.permutation(bad_rows)]
    seen: Counter[BadRowKind] = Counter()
    plan: dict[int, tuple[BadRowKind, int]] = {}
    for row, kind in zip(rows.tolist(), kinds, strict=True):
        plan[row] = (kind, seen[kind])
        seen[kind] += 1
    return plan


def spoil_cells(rng: np.random.Generator, table: Any, start: int, bad: list[BadRow]) -> Any:
    """The chunk's table with the cells of its WRONG_TYPE and MISSING_REQUIRED rows spoilt."""
    for row in bad:
        if row.kind is BadRowKind.WRONG_TYPE:
            value: str | None = f"{int(rng.integers(200, 3000)) * 1000:,} so'm".replace(",", " ")
        elif row.kind is BadRowKind.MISSING_REQUIRED:
            value = None
        else:
            continue
        only = np.zeros(len(table), np.bool_)
        only[row.row - start] = True
        i = table.schema.get_field_index(row.column)
        cell = pa.scalar(value, table.schema.field(i).type)
        table = table.set_column(i, row.column, pc.if_else(only, cell, table[i]))
    return table
