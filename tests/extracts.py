"""Registry extracts written by hand for the import tests: a few children, values chosen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from baxt.domain.pinfl import make_pinfl
from baxt.domain.risk import extract as x
from baxt.domain.risk.catalogue import default_catalogue
from baxt.domain.values import Child, Household, Sex

CATALOGUE = default_catalogue()
COLUMNS = x.extract_columns(CATALOGUE)
INDICATOR_COLUMNS = frozenset(x.indicator_columns(CATALOGUE))
SEX_CODES = {Sex.MALE: "M", Sex.FEMALE: "F"}


def extract_row(
    born: date,
    serial: int,
    met: Mapping[str, float] | None = None,
    *,
    sex: Sex = Sex.FEMALE,
    others: str = "",
    region: str = "Toshkent shahri",
    care_setting: str = "",
) -> dict[str, str]:
    """One child's row, column by column: `met` gives indicator values by code, and every
    other indicator is `others` ("" for unknown, "0" for a value below every threshold)."""
    values = {x.indicator_column(code): _number(v) for code, v in (met or {}).items()}
    unknown = sorted(set(values) - INDICATOR_COLUMNS)
    assert not unknown, f"not indicator columns: {unknown}"
    child = {
        x.PINFL: make_pinfl(born, sex, 26, serial),
        x.FULL_NAME: f"Bola {serial}",
        x.BIRTH_DATE: born.isoformat(),
        x.SEX: SEX_CODES[sex],
        x.GUARDIAN_NAME: "Karimova Dilnoza",
        x.GUARDIAN_PHONE: "+998901234567",
        x.REGION: region,
        x.DISTRICT: "Chilonzor",
        x.MAHALLA: "Bunyodkor",
        x.REGISTRY_CATEGORY: "POOR",
        x.CARE_SETTING: care_setting,
    }
    return child | {column: values.get(column, others) for column in x.indicator_columns(CATALOGUE)}


def fields(row: Mapping[str, str]) -> list[str]:
    """The row's fields in file order."""
    return [row[column] for column in COLUMNS]


def write_csv(
    path: Path, lines: Sequence[Mapping[str, str] | Sequence[str]], header: Sequence[str] = COLUMNS
) -> Path:
    """Writes the header and one line per row (a row by column, or its raw fields)."""
    text = [",".join(header)]
    text += [",".join(fields(line) if isinstance(line, Mapping) else line) for line in lines]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


def write_parquet(path: Path, rows: Sequence[Mapping[str, str]]) -> Path:
    """Writes the rows as Parquet would carry them: text as strings, indicators as numbers,
    and an empty value as null."""
    columns = {
        column: pa.array(
            [_parquet_value(column, row[column]) for row in rows],
            pa.float64() if column in INDICATOR_COLUMNS else pa.string(),
        )
        for column in COLUMNS
    }
    pq.write_table(pa.table(columns), path)
    return path


def _parquet_value(column: str, text: str) -> float | str | None:
    if not text:
        return None
    return float(text) if column in INDICATOR_COLUMNS else text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def child_of(row: Mapping[str, str]) -> Child:
    """The child a row describes, as a command would name them."""
    sex = next(s for s, code in SEX_CODES.items() if code == row[x.SEX])
    return Child(row[x.PINFL], row[x.FULL_NAME], date.fromisoformat(row[x.BIRTH_DATE]), sex)


def household_of(row: Mapping[str, str]) -> Household:
    return Household(
        row[x.GUARDIAN_NAME], row[x.GUARDIAN_PHONE], row[x.REGION], row[x.DISTRICT], row[x.MAHALLA]
    )
