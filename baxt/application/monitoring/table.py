"""The figures' exact counts as one table of cells, and which of them suppression hides."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from baxt.application.monitoring.statements import COUNTED, DAYS, DIMENSIONS
from baxt.domain.monitoring.measures import (
    FAMILY_MEASURES,
    Breakdown,
    Interval,
    Measure,
    PlaceLevel,
)
from baxt.domain.monitoring.suppression import Group, Visibility, suppress
from baxt.domain.values import CloseReason

RowKey = tuple[str, ...] | None
"""A place's columns at the figures' level, or None for the total."""
Counted = Measure | Interval
Cell = tuple[Counted, str, RowKey, str]
"""A measure's (or a timing's number of children's) count, by dimension ('all', 'sex',
'age_band', 'source', 'indicator', 'reason'), row and category ('' under 'all')."""
ALL = "all"
INDICATOR = "indicator"
REASON = "reason"
REGISTRY = "registry_category"
BREAKDOWN_DIMENSION = {
    Breakdown.SEX: "sex",
    Breakdown.AGE_BAND: "age_band",
    Breakdown.SOURCE: "source",
    Breakdown.INDICATOR: INDICATOR,
    Breakdown.SOCIAL_REGISTRY_CATEGORY: REGISTRY,
}
"""The dimension of the table's cells that holds each breakdown."""


@dataclass
class FigureTable:
    """Every count the figures show, and the medians and 90th percentiles of the times."""

    level: PlaceLevel
    counts: dict[Cell, int] = field(default_factory=dict)
    days: dict[tuple[Interval, RowKey], tuple[float | None, float | None]] = field(
        default_factory=dict
    )
    places: list[tuple[str, ...]] = field(default_factory=list)
    _categories: dict[str, list[str]] | None = field(default=None, repr=False)

    def add_row(self, row: Mapping[str, Any]) -> None:
        """Takes one row of `figures_query`."""
        key = self._row_key(row)
        dimension = next((d for d in DIMENSIONS if row[f"g_{d}"] == 0), ALL)
        category = str(row[dimension]) if dimension != ALL else ""
        for measure in COUNTED:
            self.counts[(measure, dimension, key, category)] = row[measure.value.lower()]
        if dimension != ALL:
            return
        if key is not None:
            self.places.append(key)
        for reason in CloseReason:
            self.counts[(Measure.CLOSED, REASON, key, reason.value)] = row[
                f"reason_{reason.value.lower()}"
            ]

    def add_timing_row(self, row: Mapping[str, Any]) -> None:
        """Takes one row of `timings_query`."""
        key = self._row_key(row)
        for interval, column in DAYS.items():
            self.counts[(interval, ALL, key, "")] = row[f"n_{column}"]
            self.days[(interval, key)] = (row[f"p50_{column}"], row[f"p90_{column}"])

    def add_families_row(self, row: Mapping[str, Any]) -> None:
        """Takes one row of `families_query`."""
        key = self._row_key(row)
        self.counts[(Measure.FAMILIES_SUPPORTED, ALL, key, "")] = row["families_supported"]

    def finish(self) -> None:
        """Puts the places in order, and a zero for the families of every place (and the
        total) where no child was supported, so their column is whole for suppression. A
        family's children may lie in several places, so that column's total can be less
        than its sum: suppression treats it as adding up, which hides no less than needed."""
        self.places.sort()
        for measure in FAMILY_MEASURES:
            for key in (*self.places, None):
                self.counts.setdefault((measure, ALL, key, ""), 0)

    def add_indicator_row(self, row: Mapping[str, Any]) -> None:
        """Takes one row of `indicator_query`."""
        key = self._row_key(row)
        for measure in COUNTED:
            cell = (measure, INDICATOR, key, str(row["indicator"]))
            self.counts[cell] = row[measure.value.lower()]

    def count(self, cell: Cell) -> int:
        return self.counts.get(cell, 0)

    def categories(self, dimension: str) -> list[str]:
        """The categories of a dimension with any child, in order."""
        if self._categories is None:
            found: dict[str, set[str]] = defaultdict(set)
            for _, in_dimension, _, category in self.counts:
                found[in_dimension].add(category)
            self._categories = {d: sorted(c) for d, c in found.items()}
        return self._categories.get(dimension, [])

    def _row_key(self, row: Mapping[str, Any]) -> RowKey:
        if row["g_place"] == 1:
            return None
        return tuple(str(row[column]) for column in self.level.columns)

    def visibility(self, threshold: int) -> dict[Cell, Visibility]:
        """Which cells an analyst sees: small ones hidden, and enough others."""
        return suppress(self.counts, self._groups(), threshold)

    def _groups(self) -> Iterable[Group[Cell]]:
        """Each row of a breakdown with its place's total, and each column (a category, or
        the counts themselves) over the places with its total: found in one pass over the
        cells, members in the order of their categories and places."""
        rows: dict[tuple[Counted, str, RowKey], list[Cell]] = defaultdict(list)
        columns: dict[tuple[Counted, str, str], list[Cell]] = defaultdict(list)
        for cell in self.counts:
            counted, dimension, row, category = cell
            if dimension not in (ALL, INDICATOR):
                rows[(counted, dimension, row)].append(cell)
            if row is not None:
                columns[(counted, dimension, category)].append(cell)
        for (counted, _, row), members in rows.items():
            members.sort(key=lambda cell: cell[3])
            yield Group(tuple(members), (counted, ALL, row, ""))
        for (counted, dimension, category), members in columns.items():
            members.sort(key=_place_of)
            yield Group(tuple(members), (counted, dimension, None, category))


def _added_later(cell: Cell) -> str | None:
    """Which kind of cell a release added after quarters were first published, if any."""
    counted, dimension, _, _ = cell
    if counted in FAMILY_MEASURES:
        return "families"
    if dimension == REGISTRY:
        return "registry"
    return None


def as_published(derived: FigureTable, published: FigureTable) -> FigureTable:
    """`derived` without the kinds of cell `published` holds none of: a quarter published
    before families and the registry breakdown were counted is verified on what it holds."""
    held = {None} | {_added_later(cell) for cell in published.counts}
    table = FigureTable(derived.level, days=derived.days, places=derived.places)
    table.counts = {c: n for c, n in derived.counts.items() if _added_later(c) in held}
    return table


def _place_of(cell: Cell) -> tuple[str, ...]:
    return cell[2] or ()
