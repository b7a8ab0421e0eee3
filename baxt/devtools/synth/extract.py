"""Synthetic registry extracts: realistic children, correlated indicators, known bad rows.

Each child draws a household-hardship factor and a family-disruption factor (correlated);
each indicator's chance rises with them, so cut-offs, arrears and registry poverty come
together, as do violence, imprisonment and addiction. Age decides which indicators apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from baxt.devtools.synth import people as p
from baxt.devtools.synth.bad_rows import WRONG_TYPE_COLUMN, BadRow, BadRowKind, plan, spoil_cells
from baxt.devtools.synth.indicators import REGISTRY_CUTS, REGISTRY_INDICATOR, indicator_values
from baxt.domain.pinfl import make_pinfl
from baxt.domain.risk import extract as x
from baxt.domain.risk.catalogue import Catalogue, default_catalogue
from baxt.domain.values import Sex

CHUNK_ROWS = 50_000
_HOME_BY_AGE = np.array([1.0, 0.97, 0.8, 0.45, 0.35, 0.3, 0.25] + [0.0] * 13)
_DAY_CARE_SHARE = 0.15  # of children under school age who are not raised at home


@dataclass(frozen=True)
class SyntheticExtract:
    """What was written: every row (bad ones included) and where the bad rows are."""

    path: Path
    rows: int
    bad_rows: tuple[BadRow, ...]
    catalogue_version: str


def write_synthetic_extract(
    path: Path | str, children: int, *, seed: int = 0, bad_rows: int = 0, as_of: date
) -> SyntheticExtract:
    """Writes `children` rows, `bad_rows` of them bad, as CSV or Parquet by the file suffix.

    Rows are made and written CHUNK_ROWS at a time, so memory does not grow with the file.
    The same arguments always write the same file.
    """
    path = Path(path)
    if path.suffix not in (".csv", ".parquet"):
        raise ValueError(f"the file must end in .csv or .parquet, not {path.suffix!r}")
    if children < 0 or not 0 <= bad_rows < max(children, 1):
        raise ValueError("bad_rows must be at least 0 and fewer than the children")
    chunks = _Chunks(as_of, default_catalogue(), plan(children, bad_rows, seed))
    with _open(path, chunks.schema) as writer:
        for start in range(0, children, CHUNK_ROWS):
            rng = np.random.default_rng([seed, start // CHUNK_ROWS])
            writer.write_table(chunks.make(rng, start, min(CHUNK_ROWS, children - start)))
    return SyntheticExtract(path, children, tuple(chunks.bad), chunks.catalogue.version)


def _open(path: Path, schema: Any) -> Any:
    if path.suffix == ".csv":
        options = pacsv.WriteOptions(quoting_header="none")
        return pacsv.CSVWriter(str(path), schema, write_options=options)
    return pq.ParquetWriter(str(path), schema, compression="zstd")


class _Chunks:
    """Makes the rows a chunk at a time, carrying what later chunks need: the PINFL serials
    in use, and the last good row, which a duplicate at the head of a chunk repeats."""

    def __init__(self, as_of: date, catalogue: Catalogue, plan: dict[int, Any]) -> None:
        self.as_of, self.catalogue, self.plan = as_of, catalogue, plan
        self.schema = _schema(
            catalogue, text_amounts=any(kind is BadRowKind.WRONG_TYPE for kind, _ in plan.values())
        )
        self.adult_days = (as_of - p.years_before(as_of, 18)).days
        self.serials = np.zeros((self.adult_days + 800) * 2 * len(p.DISTRICTS), np.uint16)
        self.last_good: dict[str, Any] = {}
        self.bad: list[BadRow] = []

    def make(self, rng: np.random.Generator, start: int, rows: int) -> Any:
        spoilt = {r - start: p for r, p in self.plan.items() if start <= r < start + rows}
        people = p.draw(rng, rows, self.adult_days)
        for row, (kind, _) in spoilt.items():
            if kind is BadRowKind.AGE_18_OR_OVER:
                people["offset"][row] = self.adult_days + rng.integers(0, 700)
        people["pinfl"] = self._pinfls(people)
        bad = [self._spoil(people, start, row, *spoilt[row]) for row in sorted(spoilt)]
        last = next((r for r in range(rows - 1, -1, -1) if r not in spoilt), None)
        if last is not None:
            self.last_good = {k: people[k][last] for k in p.IDENTITY} | {"row": start + last}
        self.bad += bad
        table = _table(rng, self.catalogue, people, self.as_of, self.schema)
        return spoil_cells(rng, table, start, bad)

    def _pinfls(self, people: dict[str, Any]) -> list[str]:
        offset, male, district = people["offset"], people["male"], people["district"]
        key = (offset * 2 + male) * len(p.DISTRICTS) + district
        order = np.argsort(key, kind="stable")
        firsts = np.flatnonzero(np.r_[True, key[order][1:] != key[order][:-1]])
        rank = np.empty(len(key), np.int64)
        rank[order] = np.arange(len(key)) - np.repeat(firsts, np.diff(np.r_[firsts, len(key)]))
        serial = self.serials[key] + rank
        np.add.at(self.serials, key, 1)
        if serial.max(initial=0) > 999:
            raise ValueError("too many children share a birth date, sex and district")
        births = (np.datetime64(self.as_of) - offset).tolist()
        sexes = [Sex.MALE if m else Sex.FEMALE for m in male.tolist()]
        return [
            make_pinfl(b, s, d + 1, n)
            for b, s, d, n in zip(births, sexes, district.tolist(), serial.tolist(), strict=True)
        ]

    def _spoil(
        self, people: dict[str, Any], start: int, row: int, kind: BadRowKind, nth: int
    ) -> BadRow:
        at = start + row
        if kind is BadRowKind.DUPLICATE_PINFL:
            source = next((r for r in range(row - 1, -1, -1) if start + r not in self.plan), None)
            original = (
                self.last_good
                if source is None
                else {k: people[k][source] for k in p.IDENTITY} | {"row": start + source}
            )
            for key in p.IDENTITY:
                people[key][row] = original[key]
            return BadRow(at, kind, x.PINFL, f"repeats the PINFL on line {original['row'] + 2}")
        if kind is BadRowKind.BAD_PINFL and nth % 2 == 0:
            people["pinfl"][row] = people["pinfl"][row][:13]
            return BadRow(at, kind, x.PINFL, "the PINFL has 13 digits")
        if kind is BadRowKind.BAD_PINFL:
            people["offset"][row] += 31 if people["offset"][row] < 4000 else -31
            return BadRow(at, kind, x.BIRTH_DATE, "the birth date is not the PINFL's")
        if kind is BadRowKind.AGE_18_OR_OVER:
            birth = np.datetime64(self.as_of) - people["offset"][row : row + 1]
            age = int(p.ages(self.as_of, birth)[0])
            return BadRow(at, kind, x.BIRTH_DATE, f"the child is {age} on {self.as_of}")
        if kind is BadRowKind.WRONG_TYPE:
            return BadRow(at, kind, WRONG_TYPE_COLUMN, "text in a numeric column")
        column = x.REQUIRED_COLUMNS[nth % len(x.REQUIRED_COLUMNS)]
        return BadRow(at, kind, column, f"{column} is empty")


def _schema(catalogue: Catalogue, *, text_amounts: bool) -> Any:
    fields = [pa.field(column, pa.string()) for column in x.CHILD_COLUMNS]
    for column in x.indicator_columns(catalogue):
        kind = pa.string() if text_amounts and column == WRONG_TYPE_COLUMN else pa.int32()
        fields.append(pa.field(column, kind))
    return pa.schema(fields)


def _table(
    rng: np.random.Generator,
    catalogue: Catalogue,
    people: dict[str, Any],
    as_of: date,
    schema: Any,
) -> Any:
    births = np.datetime64(as_of) - people["offset"]
    age = np.minimum(p.ages(as_of, births), 17)
    home = rng.random(len(age)) < _HOME_BY_AGE[age] * (1 + np.clip(people["hardship"], -2, 2) / 6)
    setting = np.where(home, 0, np.where(rng.random(len(age)) < _DAY_CARE_SHARE, 2, 1))
    registry = np.searchsorted(
        REGISTRY_CUTS, people["hardship"] + 0.35 * rng.standard_normal(len(age))
    )
    columns = {
        x.PINFL: pa.array(people["pinfl"], pa.string()),
        x.FULL_NAME: p.full_names(people),
        x.BIRTH_DATE: pa.array(births).cast(pa.string()),
        x.SEX: pc.if_else(pa.array(people["male"]), "M", "F"),
        x.GUARDIAN_NAME: p.guardian_names(people),
        x.GUARDIAN_PHONE: pc.binary_join_element_wise(
            "+998", pa.array(people["phone"]).cast(pa.string()), ""
        ),
        x.REGION: p.pick([region for region, _ in p.DISTRICTS], people["district"]),
        x.DISTRICT: p.pick([district for _, district in p.DISTRICTS], people["district"]),
        x.MAHALLA: p.pick(p.MAHALLAS, people["mahalla"]),
        x.REGISTRY_CATEGORY: p.pick([c.value for c in x.RegistryCategory], registry),
        x.CARE_SETTING: pc.if_else(
            pa.array(age >= x.SCHOOL_AGE), None, p.pick([c.value for c in x.CareSetting], setting)
        ),
    }
    values = indicator_values(rng, catalogue, people, age, enrolled=(age < x.SCHOOL_AGE) & ~home)
    values[REGISTRY_INDICATOR] = (registry >= 2).astype(np.float64)
    for code, value in values.items():
        column = x.indicator_column(code)
        whole = pa.array(np.nan_to_num(value).astype(np.int32), mask=np.isnan(value))
        columns[column] = whole.cast(schema.field(column).type)
    return pa.table(columns, schema=schema)
