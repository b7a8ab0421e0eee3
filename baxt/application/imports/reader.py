"""Streams a registry extract (CSV or Parquet) in batches, and sorts each row: good or bad."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from numpy.typing import NDArray

from baxt.application.imports.checks import Reject, RowSorter
from baxt.application.imports.seen import SeenKeys
from baxt.domain.risk import extract as x
from baxt.domain.risk.catalogue import Catalogue
from baxt.domain.values import Child, Household, RegistryCategory

BATCH_ROWS = 50_000


class ExtractError(Exception):
    """The file as a whole cannot be read as an extract (not its rows: those are rejected)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Row:
    """A good row: the child, the household, and the row's place in the file."""

    line: int
    child: Child
    household: Household
    registry_category: RegistryCategory
    care_setting: str | None


@dataclass
class Batch:
    """The good rows of a slice of the file, their indicator values, and its bad rows."""

    table: pa.RecordBatch
    lines: NDArray[np.int64]
    values: dict[str, NDArray[np.float64]]
    rejects: list[Reject] = field(default_factory=list)
    read: int = 0

    @property
    def size(self) -> int:
        return int(self.table.num_rows)

    def text(self, column: str) -> pa.Array:
        """A column of the good rows, blanks trimmed."""
        return pc.utf8_trim_whitespace(self.table.column(column))

    def row(self, i: int) -> Row:
        """The i-th good row as the domain's values."""
        return self.rows(np.array([i], dtype=np.intp))[0]

    def rows(self, at: NDArray[np.intp]) -> list[Row]:
        """These good rows as the domain's values, read a column at a time."""
        taken = self.table.take(pa.array(at, type=pa.int64()))
        columns = {
            name: [value.strip() for value in taken.column(name).to_pylist()]
            for name in x.CHILD_COLUMNS
        }
        return [
            _row(int(self.lines[i]), dict(zip(columns, values, strict=True)))
            for i, *values in zip(at, *columns.values(), strict=True)
        ]


def _row(line: int, t: dict[str, str]) -> Row:
    return Row(
        line=line,
        child=Child(
            t[x.PINFL], t[x.FULL_NAME], date.fromisoformat(t[x.BIRTH_DATE]),
            x.SEX_CODES[t[x.SEX].upper()],
        ),
        household=Household(
            t[x.GUARDIAN_NAME], t[x.GUARDIAN_PHONE], t[x.REGION], t[x.DISTRICT], t[x.MAHALLA]
        ),
        registry_category=RegistryCategory(t[x.REGISTRY_CATEGORY].upper()),
        care_setting=t[x.CARE_SETTING].upper() or None,
    )  # fmt: skip


def read_extract(
    path: Path,
    catalogue: Catalogue,
    *,
    as_of: date,
    verify_check_digit: bool = False,
    batch_rows: int = BATCH_ROWS,
) -> Iterator[Batch]:
    """The file's rows in batches; memory stays bounded by the batch size.

    Lines count as in a text editor, the header being line 1 (for Parquet: row number + 1).
    A PINFL seen earlier in the file is rejected as a duplicate.
    """
    columns = x.extract_columns(catalogue)
    source = _csv_batches if path.suffix.lower() == ".csv" else _parquet_batches
    seen = SeenKeys()
    sorter = RowSorter(catalogue, as_of, verify_check_digit, seen)
    for table, lines, ragged in source(path, columns, batch_rows):
        result = sorter.sort(table, lines)
        yield Batch(
            table.take(pa.array(result.keep)),
            lines[result.keep],
            result.values,
            sorted(ragged + result.rejects, key=lambda r: r.line),
            read=len(lines) + len(ragged),
        )


_Source = Iterator[tuple[pa.RecordBatch, NDArray[np.int64], list[Reject]]]


def _csv_batches(path: Path, columns: tuple[str, ...], batch_rows: int) -> _Source:
    header = _csv_header(path)
    _check_header(header, columns)
    ragged: list[Reject] = []

    def on_bad_row(row: Any) -> str:
        got = row.actual_columns
        what = "missing column(s)" if got < row.expected_columns else "unknown column(s)"
        ragged.append(
            Reject(row.number, "MISSING_COLUMN" if got < row.expected_columns else "UNKNOWN_COLUMN",
                   f"{what}: {got} fields where the header has {row.expected_columns}")
        )  # fmt: skip
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(use_threads=False, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(invalid_row_handler=on_bad_row, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in header}, strings_can_be_null=False
        ),
    )
    next_line = 2
    for record_batch in reader:
        for start in range(0, record_batch.num_rows, batch_rows):
            part = record_batch.slice(start, batch_rows)
            lines = _lines_of(part.num_rows, next_line, [r.line for r in ragged])
            next_line = int(lines[-1]) + 1 if len(lines) else next_line
            here = [r for r in ragged if r.line < next_line]
            ragged[:] = [r for r in ragged if r.line >= next_line]
            yield part, lines, here
    if ragged:
        yield pa.RecordBatch.from_pylist([], schema=reader.schema), np.array([], np.int64), ragged


def _lines_of(rows: int, first: int, skipped: list[int]) -> NDArray[np.int64]:
    """The file lines of `rows` rows read from line `first` on, the skipped lines left out."""
    span = np.arange(first, first + rows + len(skipped), dtype=np.int64)
    return span[~np.isin(span, np.array(skipped, dtype=np.int64))][:rows]


def _csv_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig") as file:
        first = file.readline()
    return [name.strip() for name in first.rstrip("\r\n").split(",")]


def _parquet_batches(path: Path, columns: tuple[str, ...], batch_rows: int) -> _Source:
    try:
        file = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise ExtractError("UNREADABLE_FILE", f"not a CSV or Parquet file: {error}") from None
    _check_header(file.schema_arrow.names, columns)
    line = 2
    for record_batch in file.iter_batches(batch_size=batch_rows):
        strings = pa.RecordBatch.from_arrays(
            [pc.fill_null(pc.cast(col, pa.string()), "") for col in record_batch.columns],
            names=record_batch.schema.names,
        )
        yield strings, np.arange(line, line + strings.num_rows, dtype=np.int64), []
        line += strings.num_rows


def _check_header(header: list[str], columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in header]
    if missing:
        raise ExtractError("MISSING_COLUMN", f"the extract has no column {', '.join(missing)}")
    unknown = [c for c in header if c not in columns]
    if unknown:
        raise ExtractError(
            "UNKNOWN_COLUMN", f"the extract has unknown column(s) {', '.join(unknown)}"
        )
