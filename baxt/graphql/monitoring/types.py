"""The monitoring figures' GraphQL types: counts only, never a case."""

from __future__ import annotations

from collections.abc import Mapping

import strawberry

from baxt.application.monitoring import rows
from baxt.domain.monitoring.measures import Breakdown, Interval, Measure, PlaceLevel
from baxt.domain.monitoring.suppression import Visibility
from baxt.domain.values import CloseReason
from baxt.graphql.cases.enums import CloseReason as CloseReasonEnum
from baxt.graphql.monitoring.enums import (
    MonitoringBreakdown,
    MonitoringInterval,
    MonitoringMeasure,
)
from baxt.graphql.monitoring.enums import PlaceLevel as PlaceLevelEnum

HIDDEN_BESIDE = "x"
"""How a count hidden only so that a small one stays hidden is shown."""


@strawberry.type(description="A count of children, maybe hidden as small (analysts only).")
class Count:
    value: int | None = strawberry.field(description="The count; null when it is hidden.")
    shown: str = strawberry.field(
        description="What to print: the count, `<5` (the threshold) for a small one, or `x`"
        " for one hidden so that a small one cannot be worked out from a total."
    )
    suppressed: bool

    @classmethod
    def of(cls, count: rows.Count, threshold: int) -> Count:
        shown = {
            Visibility.SHOWN: str(count.value),
            Visibility.SMALL: f"<{threshold}",
            Visibility.COMPLEMENTARY: HIDDEN_BESIDE,
        }[count.visibility]
        return cls(value=count.value, shown=shown, suppressed=count.suppressed)


@strawberry.type(description="One measure's count.")
class MeasureCount:
    measure: MonitoringMeasure  # type: ignore[valid-type]
    count: Count | None = strawberry.field(
        description="Null when the measure is not counted there (a family measure in a"
        " breakdown: a family has no sex, band or source); never a zero for it."
    )


@strawberry.type(description="The cases closed in the quarter for one reason.")
class ReasonCount:
    reason: CloseReasonEnum  # type: ignore[valid-type]
    count: Count


@strawberry.type(
    description="Days from the flag that opened each child's episode to its first step of"
    " a kind, over the children whose first such step fell in the quarter."
)
class Timing:
    interval: MonitoringInterval  # type: ignore[valid-type]
    children: Count
    median_days: float | None = strawberry.field(
        description="Null when no child had the step, or when their number is hidden."
    )
    p90_days: float | None = strawberry.field(description="The 90th percentile, likewise.")


@strawberry.type(description="The measures of one category of a breakdown.")
class CategoryCounts:
    category: str = strawberry.field(
        description="The category's value: a Sex, an age band (AGE_0_2, AGE_3_5, AGE_6_11,"
        " AGE_12_17, OTHER), a FlagSource, an indicator's code, or a RegistryCategory"
        " (NOT_RECORDED for a child whose flags named none)."
    )
    counts: list[MeasureCount]


@strawberry.type(description="The counts broken down by one property of the child.")
class BreakdownFigures:
    by: MonitoringBreakdown  # type: ignore[valid-type]
    categories: list[CategoryCounts] | None = strawberry.field(
        description="Null when no event records the property yet. A child meets several"
        " indicators, so those do not add up to the total."
    )


@strawberry.type(description="One place's figures for the quarter, or their total.")
class PlaceFigures:
    region: str | None
    district: str | None
    mahalla: str | None
    counts: list[MeasureCount]
    closed_by_reason: list[ReasonCount]
    timings: list[Timing]
    linkage_rate: float | None = strawberry.field(
        description="Children linked to a service over children flagged, in the quarter;"
        " null when none was flagged or either count is hidden."
    )
    breakdown_figures: strawberry.Private[Mapping[Breakdown, BreakdownFigures]]

    @strawberry.field(
        description="The counts by sex, age band, source, indicator or registry category;"
        " families are counted by place only, so FAMILIES_SUPPORTED is null in a breakdown."
    )
    def breakdowns(
        self,
        by: list[MonitoringBreakdown] | None = None,  # type: ignore[valid-type]
    ) -> list[BreakdownFigures]:
        chosen = list(Breakdown) if by is None else by
        return [self.breakdown_figures[b] for b in chosen]

    @classmethod
    def of(cls, place: rows.PlaceFigures, threshold: int) -> PlaceFigures:
        def counts(found: Mapping[Measure, rows.Count | None]) -> list[MeasureCount]:
            return [
                MeasureCount(measure=m, count=Count.of(c, threshold) if c else None)
                for m, c in found.items()
            ]

        def breakdown(by: Breakdown) -> BreakdownFigures:
            found = place.breakdowns[by]
            categories = (
                None
                if found is None
                else [CategoryCounts(category=c.category, counts=counts(c.counts)) for c in found]
            )
            return BreakdownFigures(by=by, categories=categories)

        return cls(
            region=place.place.region,
            district=place.place.district,
            mahalla=place.place.mahalla,
            counts=counts(place.counts),
            closed_by_reason=[
                ReasonCount(reason=CloseReason(r), count=Count.of(c, threshold))
                for r, c in place.closed_by_reason.items()
            ],
            timings=[_timing(t, threshold) for t in place.timings.values()],
            linkage_rate=place.linkage_rate,
            breakdown_figures={b: breakdown(b) for b in Breakdown},
        )


def _timing(timing: rows.Timing, threshold: int) -> Timing:
    interval: Interval = timing.interval
    return Timing(
        interval=interval,
        children=Count.of(timing.children, threshold),
        median_days=timing.median_days,
        p90_days=timing.p90_days,
    )


@strawberry.type(description="A quarter's figures by place, counts only.")
class MonitoringFigures:
    quarter: str
    level: PlaceLevelEnum  # type: ignore[valid-type]
    suppressed: bool = strawberry.field(
        description="Whether small counts are hidden (for analysts); supervisors and auditors"
        " read them exact."
    )
    small_count_threshold: int = strawberry.field(
        description="Counts from 1 to one less than this are hidden when `suppressed`."
    )
    places: list[PlaceFigures]
    total: PlaceFigures

    @classmethod
    def of(cls, figures: rows.Figures) -> MonitoringFigures:
        threshold = figures.threshold
        level: PlaceLevel = figures.level
        return cls(
            quarter=figures.quarter,
            level=level,
            suppressed=figures.suppressed,
            small_count_threshold=threshold,
            places=[PlaceFigures.of(p, threshold) for p in figures.places],
            total=PlaceFigures.of(figures.total, threshold),
        )
