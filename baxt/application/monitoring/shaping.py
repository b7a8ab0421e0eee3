"""From the figures' table of counts to the plain figures a caller reads."""

from __future__ import annotations

from collections.abc import Mapping

from baxt.application.monitoring.rows import (
    CategoryCounts,
    Count,
    FigurePlace,
    Figures,
    PlaceFigures,
    Timing,
)
from baxt.application.monitoring.statements import COUNTED
from baxt.application.monitoring.table import (
    ALL,
    BREAKDOWN_DIMENSION,
    REASON,
    Cell,
    FigureTable,
    RowKey,
)
from baxt.domain.monitoring.measures import (
    FAMILY_MEASURES,
    Breakdown,
    Interval,
    Measure,
)
from baxt.domain.monitoring.suppression import Visibility
from baxt.domain.values import CloseReason

_DAYS_PLACES = 1


class Shaper:
    """Reads a `FigureTable` through the visibility of its cells (all shown when exact)."""

    def __init__(self, table: FigureTable, visibility: Mapping[Cell, Visibility]) -> None:
        self._table = table
        self._visibility = visibility
        self._shared_counts: dict[tuple[int | None, Visibility], Count] = {}  # Count is frozen

    def figures(self, quarter: str, suppressed: bool, threshold: int) -> Figures:
        table = self._table
        places = tuple(self._place(key) for key in table.places)
        return Figures(quarter, table.level, suppressed, threshold, places, self._place(None))

    def _count(self, cell: Cell) -> Count:
        visibility = self._visibility.get(cell, Visibility.SHOWN)
        value = self._table.counts.get(cell, 0) if visibility is Visibility.SHOWN else None
        key = (value, visibility)
        count = self._shared_counts.get(key)
        if count is None:
            count = self._shared_counts[key] = Count(value, visibility)
        return count

    def _counts(self, dimension: str, row: RowKey, category: str) -> dict[Measure, Count | None]:
        counts: dict[Measure, Count | None] = dict.fromkeys(Measure)
        count = self._count
        for measure in COUNTED:
            counts[measure] = count((measure, dimension, row, category))
        if dimension == ALL:
            for measure in FAMILY_MEASURES:
                counts[measure] = count((measure, ALL, row, ""))
        return counts

    def _place(self, row: RowKey) -> PlaceFigures:
        counts = self._counts(ALL, row, "")
        reasons = {
            r.value: self._count((Measure.CLOSED, REASON, row, r.value)) for r in CloseReason
        }
        return PlaceFigures(
            place=FigurePlace(*(row or ())),
            counts=counts,
            closed_by_reason=reasons,
            timings={interval: self._timing(interval, row) for interval in Interval},
            linkage_rate=_rate(counts[Measure.LINKED], counts[Measure.FLAGGED]),
            breakdowns={b: self._breakdown(b, row) for b in Breakdown},
        )

    def _timing(self, interval: Interval, row: RowKey) -> Timing:
        children = self._count((interval, ALL, row, ""))
        median, p90 = self._table.days.get((interval, row), (None, None))
        if children.value is None:
            median = p90 = None
        return Timing(interval, children, _days(median), _days(p90))

    def _breakdown(self, breakdown: Breakdown, row: RowKey) -> tuple[CategoryCounts, ...] | None:
        dimension = BREAKDOWN_DIMENSION[breakdown]
        return tuple(
            CategoryCounts(category, self._counts(dimension, row, category))
            for category in self._table.categories(dimension)
        )


def _rate(part: Count | None, whole: Count | None) -> float | None:
    """The share `part` is of `whole`; None when either is hidden or there is no whole."""
    if part is None or whole is None or part.value is None or not whole.value:
        return None
    return round(part.value / whole.value, 4)


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, _DAYS_PLACES)
