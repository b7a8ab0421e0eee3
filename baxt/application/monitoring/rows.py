"""The monitoring figures as plain data: counts, times and breakdowns by place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from baxt.domain.monitoring.measures import Breakdown, Interval, Measure, PlaceLevel
from baxt.domain.monitoring.suppression import Visibility


@dataclass(frozen=True)
class Count:
    """A count of children; `value` is None when suppression hides it."""

    value: int | None
    visibility: Visibility = Visibility.SHOWN

    @property
    def suppressed(self) -> bool:
        return self.visibility is not Visibility.SHOWN


@dataclass(frozen=True)
class Timing:
    """Days from the flag that opened a child's episode to its first step of a kind, over the
    children whose first such step fell in the quarter; None when none did, or when the
    number of children is suppressed."""

    interval: Interval
    children: Count
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class FigurePlace:
    """A place at the figures' level; the total row names none."""

    region: str | None = None
    district: str | None = None
    mahalla: str | None = None


@dataclass(frozen=True)
class CategoryCounts:
    """The measures of the children of one category of a breakdown (a sex, a band…)."""

    category: str
    counts: Mapping[Measure, Count | None]


@dataclass(frozen=True)
class PlaceFigures:
    """One place's figures for the quarter: each measure (None: not recorded yet), the closed
    cases by reason, the times, the linkage rate and the breakdowns (None: not recorded yet)."""

    place: FigurePlace
    counts: Mapping[Measure, Count | None]
    closed_by_reason: Mapping[str, Count]
    timings: Mapping[Interval, Timing]
    linkage_rate: float | None
    breakdowns: Mapping[Breakdown, tuple[CategoryCounts, ...] | None]


@dataclass(frozen=True)
class Figures:
    """A quarter's figures: one row per place at `level` in the caller's reach, and their total."""

    quarter: str
    level: PlaceLevel
    suppressed: bool
    threshold: int
    places: tuple[PlaceFigures, ...]
    total: PlaceFigures
