"""Scores a whole extract at once: one pass per indicator over preallocated arrays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from baxt.domain.risk.catalogue import Catalogue
from baxt.domain.risk.rules import RuleKind, RuleSet

BoolMatrix = NDArray[np.bool_]
Rows = NDArray[np.intp]
_BLOCK_ROWS = 1 << 15


@dataclass(frozen=True)
class Explanation:
    """Why one child was (or was not) flagged: enough to replay the decision later."""

    rule_set: str
    rule_set_version: str
    catalogue_version: str
    score: float
    flagged: bool
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Scores:
    """The outcome of one rule set over n children; row i of every array is child i."""

    catalogue_version: str
    codes: tuple[str, ...]
    rule_set: RuleSet
    met: BoolMatrix
    score: NDArray[np.float64]
    flagged: NDArray[np.bool_]

    def met_codes(self, row: int) -> tuple[str, ...]:
        """The indicators child `row` meets, in catalogue order."""
        return tuple(self.codes[j] for j in np.flatnonzero(self.met[row]))

    def explain(self, row: int) -> Explanation:
        return Explanation(
            rule_set=self.rule_set.code,
            rule_set_version=self.rule_set.version,
            catalogue_version=self.catalogue_version,
            score=float(self.score[row]),
            flagged=bool(self.flagged[row]),
            indicators=self.met_codes(row),
        )

    def flagged_rows(self) -> Rows:
        return np.flatnonzero(self.flagged)


@dataclass(frozen=True)
class RuleSetComparison:
    """Who a candidate rule set would flag that the base does not (added), and the reverse."""

    base: RuleSet
    candidate: RuleSet
    added: Rows
    dropped: Rows
    added_by_indicator: Mapping[str, int]
    dropped_by_indicator: Mapping[str, int]


def score(catalogue: Catalogue, rule_set: RuleSet, values: Mapping[str, ArrayLike]) -> Scores:
    """Scores n children; `values` maps every indicator code to n values, NaN meaning unknown."""
    return score_met(catalogue, rule_set, met_matrix(catalogue, values))


def met_matrix(catalogue: Catalogue, values: Mapping[str, ArrayLike]) -> BoolMatrix:
    """An n x 44 matrix, column j true where indicator j's value reaches its threshold.

    Unknown values (NaN) never reach a threshold, so they count as not met.
    """
    columns = _columns(catalogue, values)
    met = np.empty((len(columns[0]), len(columns)), dtype=np.bool_, order="F")
    for j, (indicator, column) in enumerate(zip(catalogue.indicators, columns, strict=True)):
        np.greater_equal(column, indicator.threshold, out=met[:, j])
    return met


def score_met(catalogue: Catalogue, rule_set: RuleSet, met: BoolMatrix) -> Scores:
    """Applies a rule set to a met matrix built from this catalogue."""
    rule_set.check_fits(catalogue)
    if met.dtype != np.bool_ or met.ndim != 2 or met.shape[1] != len(catalogue.indicators):
        raise ValueError(f"the met matrix must be boolean, n x {len(catalogue.indicators)}")
    scores = _scores(catalogue, rule_set, met)
    return Scores(
        catalogue_version=catalogue.version,
        codes=catalogue.codes,
        rule_set=rule_set,
        met=met,
        score=scores,
        flagged=scores >= rule_set.cut_off,
    )


def compare_rule_sets(
    catalogue: Catalogue, met: BoolMatrix, base: RuleSet, candidate: RuleSet
) -> RuleSetComparison:
    """Compares two rule sets over the same children, with the indicators behind each change."""
    before = score_met(catalogue, base, met).flagged
    after = score_met(catalogue, candidate, met).flagged
    added = np.flatnonzero(after & ~before)
    dropped = np.flatnonzero(before & ~after)
    return RuleSetComparison(
        base=base,
        candidate=candidate,
        added=added,
        dropped=dropped,
        added_by_indicator=_counts(catalogue, met, added),
        dropped_by_indicator=_counts(catalogue, met, dropped),
    )


def _columns(catalogue: Catalogue, values: Mapping[str, ArrayLike]) -> list[NDArray[np.float64]]:
    missing = [code for code in catalogue.codes if code not in values]
    unknown = sorted(set(values) - set(catalogue.codes))
    if missing or unknown:
        raise ValueError(f"indicator values: missing {missing}, unknown {unknown}")
    columns = [np.asarray(values[code], dtype=np.float64) for code in catalogue.codes]
    lengths = {column.shape for column in columns}
    if len(lengths) > 1 or any(column.ndim != 1 for column in columns):
        raise ValueError("indicator values must be 1-D arrays of one length")
    return columns


def _scores(catalogue: Catalogue, rule_set: RuleSet, met: BoolMatrix) -> NDArray[np.float64]:
    as_bytes = met.view(np.uint8)
    if rule_set.kind is RuleKind.ANY_N:
        counts: NDArray[np.uint8] = as_bytes.sum(axis=1, dtype=np.uint8)
        return counts.astype(np.float64)
    weights = [rule_set.weights[code] for code in catalogue.codes]
    return _weighted_sum(as_bytes, weights)


def _weighted_sum(met: NDArray[np.uint8], weights: list[float]) -> NDArray[np.float64]:
    # Adds column by column in catalogue order, so a child's score is the very float that
    # adding its met weights one by one gives; row blocks keep the temporaries in cache.
    total = np.zeros(met.shape[0], dtype=np.float64)
    term = np.empty(min(_BLOCK_ROWS, met.shape[0]), dtype=np.float64)
    for start in range(0, met.shape[0], _BLOCK_ROWS):
        block = total[start : start + _BLOCK_ROWS]
        part = term[: len(block)]
        for j, weight in enumerate(weights):
            np.multiply(met[start : start + _BLOCK_ROWS, j], weight, out=part)
            np.add(block, part, out=block)
    return total


def _counts(catalogue: Catalogue, met: BoolMatrix, rows: Rows) -> dict[str, int]:
    counts = met[rows].sum(axis=0, dtype=np.int64)
    return {code: int(count) for code, count in zip(catalogue.codes, counts, strict=True)}
