"""The figures a benchmark prints, also kept as JSON (`--json PATH`) for `python -m bench`."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One printed row: Baxt's (or a baseline's) figure, and its ratio to one baseline.

    `ours` is in `unit`; `ratio` is `ours` over `baseline_ours`, both in the same unit. A row
    that is itself a baseline, or has none, carries no baseline and no ratio.
    """

    figure: str
    ours: float
    unit: str
    rows: int | None = None
    baseline: str | None = None
    baseline_ours: float | None = None
    ratio: float | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        """A figure from its JSON object; raises ValueError when a field is missing or wrong."""
        try:
            return cls(
                figure=str(data["figure"]),
                ours=float(data["ours"]),
                unit=str(data["unit"]),
                rows=None if data.get("rows") is None else int(data["rows"]),
                baseline=None if data.get("baseline") is None else str(data["baseline"]),
                baseline_ours=_number(data.get("baseline_ours")),
                ratio=_number(data.get("ratio")),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a figure: {data!r} ({error})") from None


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


_recorded: list[Figure] = []


def record(figure: Figure) -> None:
    """Keeps a figure this run printed, for `write_figures`."""
    _recorded.append(figure)


def recorded() -> list[Figure]:
    """The figures kept so far in this process, in the order they were printed."""
    return list(_recorded)


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """Adds `--json PATH` to a benchmark's options."""
    parser.add_argument(
        "--json",
        type=Path,
        metavar="PATH",
        help="also write the printed figures to PATH as JSON, for `python -m bench`",
    )


def write_figures(path: Path | None) -> None:
    """Writes the figures kept so far to `path` as JSON; nothing when `path` is None."""
    if path is None:
        return
    document = {"figures": [figure.as_json() for figure in _recorded]}
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def read_figures(path: Path) -> list[Figure]:
    """The figures a benchmark wrote with `write_figures`; raises ValueError on bad JSON."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        items = document["figures"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise ValueError(f"{path} holds no figures ({error})") from None
    if not isinstance(items, list):
        raise ValueError(f"{path}: 'figures' is not a list")
    return [Figure.from_json(item) for item in items]
