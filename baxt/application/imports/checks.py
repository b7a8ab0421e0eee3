"""The rules every row of an extract must meet, checked a whole batch at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from baxt.application.imports.seen import SeenKeys, first_of_each
from baxt.domain import validation as check
from baxt.domain.errors import DomainError
from baxt.domain.pinfl import icao_check_digit, validate_pinfl
from baxt.domain.risk import extract as x
from baxt.domain.risk.catalogue import Catalogue

_NUMBER = r"^\s*([0-9]+(\.[0-9]+)?)?\s*$"


@dataclass(frozen=True)
class Reject:
    line: int
    code: str
    reason: str


@dataclass(frozen=True)
class Sorted:
    """A batch's good rows (their positions), their indicator values, and its bad rows."""

    keep: NDArray[np.intp]
    values: dict[str, NDArray[np.float64]]
    rejects: list[Reject]


class RowSorter:
    """Checks every row with vectorised rules that mirror the domain's; the domain's own
    functions then word the reason for each bad row, and check every flagged row again."""

    def __init__(
        self, catalogue: Catalogue, as_of: date, verify_check_digit: bool, seen: SeenKeys
    ) -> None:
        self._indicators = x.indicator_columns(catalogue)
        self._as_of = as_of
        self._verify = verify_check_digit
        self._seen = seen
        self._categories = pa.array([c.value for c in x.RegistryCategory])
        self._settings = pa.array(["", *(c.value for c in x.CareSetting)])

    def sort(self, table: pa.RecordBatch, lines: NDArray[np.int64]) -> Sorted:
        bad: dict[int, Reject] = {}
        values = {name: self._numbers(table, name, lines, bad) for name in self._indicators}
        text = {name: pc.utf8_trim_whitespace(table.column(name)) for name in x.CHILD_COLUMNS}
        rows = _Checks(lines, bad)
        self._check_fields(rows, text)
        births = self._check_birth(rows, text)
        self._check_pinfl(rows, text, births)
        self._check_duplicates(rows, text)
        keep = np.ones(table.num_rows, dtype=bool)
        keep[list(bad)] = False
        index = np.flatnonzero(keep)
        return Sorted(
            index,
            {name: column[index] for name, column in values.items()},
            sorted(bad.values(), key=lambda r: r.line),
        )

    def _numbers(
        self, table: pa.RecordBatch, name: str, lines: NDArray[np.int64], bad: dict[int, Reject]
    ) -> NDArray[np.float64]:
        column = table.column(name)
        if column.null_count:
            wrong_at, numbers = _parsed(column)
        else:
            # An indicator takes few distinct values: each is checked and parsed once.
            encoded = pc.dictionary_encode(column)
            wrong_word, word_numbers = _parsed(encoded.dictionary)
            at = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
            wrong_at, numbers = wrong_word[at], word_numbers[at]
        for i in np.flatnonzero(wrong_at):
            value = column[int(i)].as_py()
            bad.setdefault(
                int(i), Reject(int(lines[i]), "WRONG_TYPE", f"{name}: {value!r} is not a number")
            )
        return numbers

    def _check_fields(self, rows: _Checks, text: dict[str, pa.Array]) -> None:
        for name in x.REQUIRED_COLUMNS:
            rows.mark(pc.equal(text[name], ""), "MISSING_VALUE", _said(f"{name} is empty"))
        for name in (x.FULL_NAME, x.GUARDIAN_NAME, x.REGION, x.DISTRICT, x.MAHALLA):
            long = pc.greater(pc.utf8_length(text[name]), check.SHORT_TEXT)
            rows.mark(
                long,
                "INVALID_INPUT",
                _said(f"{name} must be at most {check.SHORT_TEXT} characters"),
            )
        sex = text[x.SEX]
        rows.mark(
            pc.invert(pc.is_in(pc.utf8_upper(sex), pa.array(list(x.SEX_CODES)))),
            "WRONG_TYPE",
            lambda i: f"sex: {sex[i].as_py()!r} is not M or F",
        )
        category = text[x.REGISTRY_CATEGORY]
        rows.mark(
            pc.invert(pc.is_in(pc.utf8_upper(category), self._categories)),
            "WRONG_TYPE",
            lambda i: f"registry_category: {category[i].as_py()!r} is not a known category",
        )
        setting = text[x.CARE_SETTING]
        rows.mark(
            pc.invert(pc.is_in(pc.utf8_upper(setting), self._settings)),
            "WRONG_TYPE",
            lambda i: f"care_setting: {setting[i].as_py()!r} is not HOME, KINDERGARTEN or DAY_CARE",
        )
        phone = pc.replace_substring_regex(text[x.GUARDIAN_PHONE], r"[\s\-().]", "")
        rows.mark(
            pc.invert(pc.match_substring_regex(phone, r"^\+[1-9][0-9]{7,14}$")),
            "INVALID_INPUT",
            lambda _: "guardian_phone must be in international form, e.g. +998901234567",
        )

    def _check_birth(self, rows: _Checks, text: dict[str, pa.Array]) -> NDArray[np.datetime64]:
        raw = text[x.BIRTH_DATE]
        parsed = pc.strptime(raw, format="%Y-%m-%d", unit="s", error_is_null=True)
        shaped = pc.match_substring_regex(raw, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
        rows.mark(
            pc.or_kleene(pc.invert(shaped), pc.is_null(parsed)),
            "WRONG_TYPE",
            lambda i: f"birth_date: {raw[i].as_py()!r} is not a date like 2019-04-30",
        )
        births = np.asarray(
            pc.cast(parsed, pa.date32()).to_numpy(zero_copy_only=False), dtype="datetime64[D]"
        )
        as_of = np.datetime64(self._as_of, "D")
        cutoff = np.datetime64(_years_before(self._as_of, 18), "D")
        out_of_range = (births > as_of) | (births <= cutoff)
        rows.mark(out_of_range, "NOT_UNDER_18", lambda i: self._age_reason(births[i]))
        return births

    def _age_reason(self, birth: np.datetime64) -> str:
        try:
            check.require_under_18(birth.astype(date), self._as_of)
        except DomainError as error:
            return error.message
        return "the child is not under 18"

    def _check_pinfl(
        self, rows: _Checks, text: dict[str, pa.Array], births: NDArray[np.datetime64]
    ) -> None:
        pinfl, birth = text[x.PINFL], text[x.BIRTH_DATE]
        shaped = pc.match_substring_regex(pinfl, r"^[0-9]{14}$")
        ddmmyy = pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(birth, 8, 10),
            pc.utf8_slice_codeunits(birth, 5, 7),
            pc.utf8_slice_codeunits(birth, 2, 4),
            "",
        )
        year = births.astype("datetime64[Y]").astype(np.int64) + 1970
        base = np.where(year < 1900, 1, np.where(year < 2000, 3, 5))
        female = _numpy(pc.equal(pc.utf8_upper(text[x.SEX]), "F")).astype(np.int64)
        first = pc.utf8_slice_codeunits(pinfl, 0, 1)
        expected = pa.array((base + female).astype(str))
        agrees = _numpy(
            pc.and_kleene(shaped, pc.equal(pc.utf8_slice_codeunits(pinfl, 1, 7), ddmmyy))
        )
        wrong = ~agrees | ~_numpy(pc.equal(first, expected))
        if self._verify:
            wrong |= np.array([not _check_digit_ok(p) for p in pinfl.to_pylist()], dtype=bool)
        rows.mark(wrong, "INVALID_PINFL", lambda i: self._pinfl_reason(i, text))

    def _pinfl_reason(self, i: int, text: dict[str, pa.Array]) -> str:
        try:
            validate_pinfl(
                text[x.PINFL][i].as_py(),
                date.fromisoformat(text[x.BIRTH_DATE][i].as_py()),
                x.SEX_CODES[text[x.SEX][i].as_py().upper()],
                verify_check_digit=self._verify,
            )
        except DomainError as error:
            return error.message
        return "the PINFL does not match the child"

    def _check_duplicates(self, rows: _Checks, text: dict[str, pa.Array]) -> None:
        pinfls = text[x.PINFL]
        good = np.ones(len(pinfls), dtype=bool)
        good[list(rows.bad)] = False
        at = np.flatnonzero(good)  # the rows left have a PINFL of 14 digits
        keys = np.asarray(
            pc.cast(pinfls.take(pa.array(at)), pa.int64()).to_numpy(zero_copy_only=False),
            dtype=np.int64,
        )
        first = first_of_each(keys)
        duplicate = np.zeros(len(pinfls), dtype=bool)
        duplicate[at] = ~first | self._seen.contains(keys)
        self._seen.add(keys[first & ~duplicate[at]])
        rows.mark(
            duplicate,
            "DUPLICATE_PINFL",
            lambda i: f"PINFL {pinfls[i].as_py()[:4]}… appears earlier in the file",
        )


class _Checks:
    """The rows of a batch, each marked with the first rule it breaks."""

    def __init__(self, lines: NDArray[np.int64], bad: dict[int, Reject]) -> None:
        self.bad = bad
        self._lines = lines

    def mark(self, mask: Any, code: str, reason: Callable[[int], str]) -> None:
        flags = mask if isinstance(mask, np.ndarray) else _numpy(mask)
        for i in np.flatnonzero(flags):
            index = int(i)
            if index not in self.bad:
                self.bad[index] = Reject(int(self._lines[index]), code, reason(index))


def _parsed(texts: pa.Array) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Which texts are not numbers, and each one's number (NaN when blank or not a number)."""
    wrong = pc.invert(pc.match_substring_regex(texts, _NUMBER))
    blank = pc.equal(pc.utf8_trim_whitespace(texts), "")
    cleaned = pc.if_else(pc.or_kleene(wrong, blank), None, texts)
    numbers = pc.cast(cleaned, pa.float64()).to_numpy(zero_copy_only=False)
    return _numpy(wrong), np.asarray(numbers, dtype=np.float64)


def _said(reason: str) -> Callable[[int], str]:
    return lambda _: reason


def _numpy(mask: pa.Array) -> NDArray[np.bool_]:
    """A boolean mask as numpy, a null (a value that could not be read) counting as true."""
    return np.asarray(pc.fill_null(mask, True).to_numpy(zero_copy_only=False), dtype=bool)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _check_digit_ok(pinfl: str) -> bool:
    return len(pinfl) == 14 and pinfl.isdigit() and icao_check_digit(pinfl[:13]) == int(pinfl[13])
