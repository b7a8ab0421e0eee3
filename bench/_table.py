"""One markdown table of every bench's figures, each beside its baseline and its goal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench._figures import Figure
from bench._goals import derived, goal_for

HEADER = ("figure", "ours", "baseline", "ratio", "goal", "met?")
NO_GOAL = "—"


@dataclass(frozen=True)
class Outcome:
    """How one bench's run ended: its exit status and the figures it wrote.

    `problem` says what went wrong when the run failed, or when it exited 0 without figures.
    """

    bench: str
    status: int
    figures: Sequence[Figure]
    problem: str | None = None

    @property
    def failed(self) -> bool:
        return self.status != 0 or self.problem is not None


def table(outcomes: Sequence[Outcome]) -> str:
    """The markdown table: a heading row for each bench, then one row per figure."""
    lines = [_row(HEADER), _row(("---",) * len(HEADER))]
    for outcome in outcomes:
        lines.append(_row((f"**{outcome.bench}**", "", "", "", "", "")))
        if outcome.failed:
            lines.append(_row((f"bench.{outcome.bench}", _failure(outcome), "", "", "", "")))
            continue
        figures = [*outcome.figures, *derived(outcome.bench, list(outcome.figures))]
        lines += [_row(figure_cells(outcome.bench, figure)) for figure in figures]
    return "\n".join(lines) + "\n"


def figure_cells(bench: str, figure: Figure) -> tuple[str, ...]:
    """One figure's cells: name, value, baseline, ratio, goal and whether it was met."""
    goal = goal_for(bench, figure)
    baseline = ""
    if figure.baseline is not None:
        baseline = figure.baseline
        if figure.baseline_ours is not None:
            baseline += f": {amount(figure.baseline_ours, figure.unit)}"
    ratio = "" if figure.ratio is None else f"{figure.ratio:.3f}"
    met = "" if goal is None else ("yes" if goal.met(figure) else "**no**")
    return (
        figure.figure,
        amount(figure.ours, figure.unit),
        baseline,
        ratio,
        NO_GOAL if goal is None else goal.text,
        met,
    )


def amount(value: float, unit: str) -> str:
    """A figure with as many digits as it is worth, and its unit."""
    if abs(value) >= 100:
        shown = f"{value:,.0f}"
    elif abs(value) >= 1:
        shown = f"{value:.2f}"
    else:
        shown = f"{value:.3f}"
    return f"{shown} {unit}"


def _failure(outcome: Outcome) -> str:
    words = "FAILED" if outcome.status == 0 else f"FAILED (exit status {outcome.status})"
    return f"{words}: {outcome.problem}" if outcome.problem else words


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
