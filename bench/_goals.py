"""The goals the figures are held to (issue 19's table), and the figures derived from others."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from bench._figures import Figure

NATIONAL_EXTRACT_ROWS = 13_000_000
"""Children in a national extract: the whole import's goal is for this many rows."""
WHOLE_IMPORT = "import, file to flags"
WHOLE_IMPORT_EXTRAPOLATED = f"{WHOLE_IMPORT}, {NATIONAL_EXTRACT_ROWS:,} rows"


@dataclass(frozen=True)
class Goal:
    """What one bench's figure must reach. It applies to the figures whose name matches the
    `figure` pattern (`*` for the parameters in a name), measured against a baseline whose
    name matches `baseline` (None: a figure with no baseline)."""

    bench: str
    figure: str
    baseline: str | None
    text: str
    reached: Callable[[Figure], bool]

    def applies_to(self, bench: str, figure: Figure) -> bool:
        if bench != self.bench or not fnmatchcase(figure.figure, self.figure):
            return False
        if self.baseline is None or figure.baseline is None:
            return self.baseline is None and figure.baseline is None
        return fnmatchcase(figure.baseline, self.baseline)

    def met(self, figure: Figure) -> bool:
        """Whether the figure reaches the goal; a figure measured over no rows never does."""
        return figure.rows != 0 and self.reached(figure)


def _ratio_at_least(share: float) -> Callable[[Figure], bool]:
    return lambda figure: figure.ratio is not None and figure.ratio >= share


def _below(limit: float) -> Callable[[Figure], bool]:
    return lambda figure: figure.ours < limit


def _ratio_goal(bench: str, figure: str, baseline: str, share: float) -> Goal:
    return Goal(bench, figure, baseline, f">= {share}x", _ratio_at_least(share))


GOALS: tuple[Goal, ...] = (
    _ratio_goal("screening", "baxt bulk flags", "raw COPY, same rows", 0.5),
    Goal("screening", WHOLE_IMPORT_EXTRAPOLATED, None, "< 120 s", _below(120)),
    _ratio_goal("projection_catchup", "baxt batched catch-up *", "raw executemany*", 0.5),
    _ratio_goal("rebuild", "baxt rebuild + swap *", "raw executemany *", 0.5),
    _ratio_goal("planning", "baxt QuarterPlanner *", "raw executemany *", 0.3),
    _ratio_goal("write_path", "baxt flag_child", "raw INSERT+COMMIT", 0.5),
    _ratio_goal("write_concurrency", "baxt * clients, group commit", "raw * INSERT+COMMIT", 0.5),
    Goal("as_of", "baxt as-of *", "raw SELECT *", "< 5 ms", _below(5)),
    _ratio_goal("notifications", "baxt Delivery *", "raw httpx.Client *", 0.5),
    _ratio_goal("api", "baxt case(id)", "raw case row", 0.5),
    _ratio_goal("api", "baxt cases(first: 50, filter)", "raw 50 rows", 0.5),
    Goal("api", "baxt case(id) p99", None, "< 100 ms", _below(100)),
    Goal("api", "baxt cases(first: 50, filter) p99", None, "< 100 ms", _below(100)),
    Goal(
        "case_list",
        "baxt cases(first: 50, *) p50",
        "raw SELECT + JSON, * p50",
        "<= 2x raw",
        lambda figure: figure.ratio is not None and figure.ratio <= 2,
    ),
    Goal("case_list", "baxt cases(first: 50, *) p99", None, "< 50 ms", _below(50)),
)


def goal_for(bench: str, figure: Figure) -> Goal | None:
    """The goal this figure is held to, if any."""
    return next((goal for goal in GOALS if goal.applies_to(bench, figure)), None)


def derived(bench: str, figures: list[Figure]) -> list[Figure]:
    """Figures the goals need that no bench prints: the whole import's seconds for a national
    extract, extrapolated from the rows/s measured on the bench's smaller one."""
    if bench != "screening":
        return []
    return [
        Figure(
            WHOLE_IMPORT_EXTRAPOLATED, NATIONAL_EXTRACT_ROWS / f.ours, "s (extrapolated)", f.rows
        )
        for f in figures
        if f.figure == WHOLE_IMPORT and f.ours > 0
    ]
