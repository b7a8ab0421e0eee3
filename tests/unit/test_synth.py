from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from numpy.typing import NDArray

from baxt.devtools.synth import extract as synth
from baxt.devtools.synth.bad_rows import WRONG_TYPE_COLUMN, BadRow, BadRowKind
from baxt.devtools.synth.extract import SyntheticExtract, write_synthetic_extract
from baxt.domain.errors import InvalidPinfl
from baxt.domain.pinfl import validate_pinfl
from baxt.domain.risk import extract as x
from baxt.domain.risk.catalogue import default_catalogue
from baxt.domain.risk.rules import default_rule_set
from baxt.domain.risk.scoring import score
from baxt.domain.validation import age_on
from baxt.domain.values import Sex

AS_OF = date(2026, 10, 1)
CHILDREN = 20_000
PHONE = re.compile(r"^\+998\d{9}$")
CATALOGUE = default_catalogue()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> SyntheticExtract:
    path = tmp_path_factory.mktemp("extract") / "children.csv"
    return write_synthetic_extract(path, CHILDREN, seed=11, bad_rows=25, as_of=AS_OF)


@pytest.fixture(scope="module")
def rows(written: SyntheticExtract) -> list[dict[str, str]]:
    with written.path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def clean(written: SyntheticExtract, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows not reported bad."""
    bad = {bad.row for bad in written.bad_rows}
    return [row for i, row in enumerate(rows) if i not in bad]


@pytest.fixture(scope="module")
def flagged(clean: list[dict[str, str]]) -> NDArray[np.bool_]:
    values = {
        code: np.array([_number(row[x.indicator_column(code)]) for row in clean])
        for code in CATALOGUE.codes
    }
    return score(CATALOGUE, default_rule_set(), values).flagged


def _lines(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        for row in reader:
            yield reader.line_num, row


def _sex(row: dict[str, str]) -> Sex:
    return x.SEX_CODES[row[x.SEX]]


def _assert_is_bad(bad: BadRow, row: dict[str, str], by_line: dict[int, dict[str, str]]) -> None:
    if bad.kind in (BadRowKind.AGE_18_OR_OVER, BadRowKind.WRONG_TYPE, BadRowKind.DUPLICATE_PINFL):
        validate_pinfl(row[x.PINFL], date.fromisoformat(row[x.BIRTH_DATE]), _sex(row))
    if bad.kind is BadRowKind.BAD_PINFL:
        with pytest.raises(InvalidPinfl):
            validate_pinfl(row[x.PINFL], date.fromisoformat(row[x.BIRTH_DATE]), _sex(row))
    elif bad.kind is BadRowKind.AGE_18_OR_OVER:
        assert age_on(date.fromisoformat(row[x.BIRTH_DATE]), AS_OF) >= 18
    elif bad.kind is BadRowKind.WRONG_TYPE:
        assert not row[bad.column].isdigit()
        assert row[bad.column]
    elif bad.kind is BadRowKind.DUPLICATE_PINFL:
        first_line = int(bad.reason.rsplit(" ", 1)[-1])
        assert first_line < bad.line
        assert by_line[first_line][x.PINFL] == row[x.PINFL]
    else:
        assert row[bad.column] == ""
        assert bad.column in x.REQUIRED_COLUMNS


def _assert_is_good(row: dict[str, str]) -> None:
    born = date.fromisoformat(row[x.BIRTH_DATE])
    validate_pinfl(row[x.PINFL], born, _sex(row), verify_check_digit=True)
    assert 0 <= age_on(born, AS_OF) < 18
    assert PHONE.match(row[x.GUARDIAN_PHONE])
    assert all(row[column] for column in x.REQUIRED_COLUMNS)
    assert row[x.REGISTRY_CATEGORY] in {c.value for c in x.RegistryCategory}
    school_age = age_on(born, AS_OF) >= x.SCHOOL_AGE
    assert (row[x.CARE_SETTING] == "") == school_age
    for column in x.indicator_columns(CATALOGUE):
        assert row[column] == "" or row[column].isdigit(), (column, row[column])


def _check_file(written: SyntheticExtract) -> None:
    by_line = dict(_lines(written.path))
    bad_lines = {bad.line: bad for bad in written.bad_rows}
    assert len(by_line) == written.rows
    for bad in written.bad_rows:
        _assert_is_bad(bad, by_line[bad.line], by_line)
    good = [row for line, row in by_line.items() if line not in bad_lines]
    for row in good:
        _assert_is_good(row)
    assert len({row[x.PINFL] for row in good}) == len(good)


def test_the_file_holds_as_many_rows_as_reported(
    written: SyntheticExtract, rows: list[dict[str, str]]
) -> None:
    assert written.rows == len(rows) == CHILDREN
    assert list(rows[0]) == list(x.extract_columns(CATALOGUE))
    assert written.catalogue_version == CATALOGUE.version


def test_each_bad_row_is_bad_on_its_line_in_the_way_reported_and_every_other_row_is_good(
    written: SyntheticExtract,
) -> None:
    assert len(written.bad_rows) == 25
    assert {bad.kind for bad in written.bad_rows} == set(BadRowKind)
    _check_file(written)


def test_bad_rows_next_to_each_other_and_at_chunk_edges_are_still_where_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(synth, "CHUNK_ROWS", 7)

    written = write_synthetic_extract(tmp_path / "x.csv", 400, seed=3, bad_rows=150, as_of=AS_OF)

    _check_file(written)


def test_two_to_four_percent_of_children_meet_any_3_of_44(flagged: NDArray[np.bool_]) -> None:
    assert 0.02 <= flagged.mean() <= 0.04


def test_poorer_families_are_flagged_far_more_often(
    clean: list[dict[str, str]], flagged: NDArray[np.bool_]
) -> None:
    poor = np.array([r[x.REGISTRY_CATEGORY] in {"POOR", "STATE_SUPPORTED"} for r in clean])

    assert flagged[poor].mean() > 4 * flagged[~poor].mean()


def test_a_realistic_share_of_three_year_olds_is_raised_at_home(
    clean: list[dict[str, str]],
) -> None:
    threes = [r for r in clean if age_on(_born(r), AS_OF) == 3]
    at_home = sum(r[x.CARE_SETTING] == "HOME" for r in threes) / len(threes)

    assert len(threes) > 800
    assert 0.3 <= at_home <= 0.6


def test_age_bound_indicators_are_blank_outside_their_ages(clean: list[dict[str, str]]) -> None:
    infants = [r for r in clean if age_on(_born(r), AS_OF) >= 3]
    toddlers = [r for r in clean if age_on(_born(r), AS_OF) < 7]

    assert all(r["missed_infant_checkups"] == "" for r in infants)
    assert all(r["long_school_absence"] == "" for r in toddlers)


def test_parquet_holds_the_same_children_with_typed_indicator_columns(
    tmp_path: Path, written: SyntheticExtract, rows: list[dict[str, str]]
) -> None:
    parquet = write_synthetic_extract(
        tmp_path / "children.parquet", CHILDREN, seed=11, bad_rows=25, as_of=AS_OF
    )
    table = pq.read_table(parquet.path)

    assert parquet.bad_rows == written.bad_rows
    assert table.num_rows == CHILDREN
    assert table.column(x.PINFL).to_pylist()[:500] == [r[x.PINFL] for r in rows[:500]]
    assert str(table.schema.field("electricity_cut_off").type) == "int32"
    assert str(table.schema.field(WRONG_TYPE_COLUMN).type) == "string"


def test_the_same_seed_writes_the_same_file_and_another_seed_another(tmp_path: Path) -> None:
    first = write_synthetic_extract(tmp_path / "a.csv", 500, seed=1, bad_rows=5, as_of=AS_OF)
    again = write_synthetic_extract(tmp_path / "b.csv", 500, seed=1, bad_rows=5, as_of=AS_OF)
    other = write_synthetic_extract(tmp_path / "c.csv", 500, seed=2, bad_rows=5, as_of=AS_OF)

    assert first.path.read_bytes() == again.path.read_bytes()
    assert first.path.read_bytes() != other.path.read_bytes()


def test_without_bad_rows_the_amount_column_stays_numeric_in_parquet(tmp_path: Path) -> None:
    written = write_synthetic_extract(tmp_path / "clean.parquet", 300, as_of=AS_OF)

    table = pq.read_table(written.path)

    assert written.bad_rows == ()
    assert str(table.schema.field(WRONG_TYPE_COLUMN).type) == "int32"


def test_an_unknown_suffix_or_too_many_bad_rows_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.csv or \.parquet"):
        write_synthetic_extract(tmp_path / "x.xlsx", 10, as_of=AS_OF)
    with pytest.raises(ValueError, match="fewer than the children"):
        write_synthetic_extract(tmp_path / "x.csv", 10, bad_rows=10, as_of=AS_OF)


def _born(row: dict[str, str]) -> date:
    return date.fromisoformat(row[x.BIRTH_DATE])


def _number(text: str) -> float:
    return float(text) if text else float("nan")
