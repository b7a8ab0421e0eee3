"""What stands behind one published number: the cell asked for, the cases counted in it
and, for each, the versions of its events that wrote the child's row of the quarter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from anyio import to_thread

from baxt.application.monitoring.publishing import (
    Publication,
    QuarterNotPublished,
    stored_publication,
)
from baxt.application.monitoring.rows import FigurePlace
from baxt.application.monitoring.statements import DIMENSIONS, FAMILY, predicate
from baxt.application.monitoring.table import ALL, BREAKDOWN_DIMENSION, INDICATOR, Cell
from baxt.domain.errors import InvalidInput
from baxt.domain.monitoring.measures import (
    FAMILY_MEASURES,
    REGISTRY_NOT_RECORDED,
    Breakdown,
    Measure,
    PlaceLevel,
)
from baxt.domain.quarter import Quarter

_PLACE_FIELDS = ("region", "district", "mahalla")


@dataclass(frozen=True)
class FigureCell:
    """One published count: a measure, at a level, in a place (none: the total), and maybe
    in one category of a breakdown."""

    measure: Measure
    level: PlaceLevel = PlaceLevel.REGION
    place: FigurePlace = field(default_factory=FigurePlace)
    breakdown: Breakdown | None = None
    category: str | None = None

    def key(self) -> Cell:
        """The cell of the published table; InvalidInput when the place does not name one
        place at the level (every part down to it, none below) or the breakdown is half
        given, or a family measure is asked in a breakdown."""
        parts = [getattr(self.place, name) for name in _PLACE_FIELDS]
        depth = len(self.level.columns)
        row = tuple(p for p in parts[:depth] if p is not None)
        if any(p is not None for p in parts[depth:]) or len(row) not in (0, depth):
            raise InvalidInput(
                f"a place at {self.level.value} names every part down to it", ("place",)
            )
        if (self.breakdown is None) != (self.category is None):
            raise InvalidInput("a breakdown needs its category, and back", ("category",))
        if self.breakdown is not None and self.measure in FAMILY_MEASURES:
            raise InvalidInput("families are counted by place only", ("breakdown",))
        dimension = ALL if self.breakdown is None else BREAKDOWN_DIMENSION[self.breakdown]
        return (self.measure, dimension, row or None, self.category or "")


@dataclass(frozen=True)
class CaseSource:
    """A case counted in the cell, with the versions (and log positions) of its events up
    to the published position that wrote the child's row of the quarter."""

    case_id: UUID
    versions: tuple[int, ...]
    positions: tuple[int, ...]


@dataclass(frozen=True)
class Explanation:
    """The cases behind a published cell, how many they count for (children, or families
    for a family measure) and the published count."""

    quarter: str
    tree_size: int
    cell: FigureCell
    published: int
    counted: int
    sources: tuple[CaseSource, ...]

    @property
    def agrees(self) -> bool:
        return self.counted == self.published


def sources_query(cell: FigureCell, quarter: str) -> tuple[str, dict[str, Any]]:
    """The SQL (and its parameters) of the fact rows counted in `cell`: each row's case and
    family, in case order."""
    _, dimension, row, category = cell.key()
    counted = "children_supported" if cell.measure in FAMILY_MEASURES else predicate(cell.measure)
    conditions = ["quarter = %(quarter)s", f"({counted})"]
    params: dict[str, Any] = {"quarter": quarter, "category": category}
    for column, value in zip(cell.level.columns, row or (), strict=False):
        conditions.append(f"{column} = %({column})s")
        params[column] = value
    if dimension == INDICATOR:
        conditions.append("%(category)s = ANY(indicators)")
    elif dimension in DIMENSIONS:
        value = (
            f"coalesce({dimension}, '{REGISTRY_NOT_RECORDED}')"
            if dimension == BREAKDOWN_DIMENSION[Breakdown.SOCIAL_REGISTRY_CATEGORY]
            else dimension
        )
        conditions.append(f"{value} = %(category)s")
    text = (
        f"SELECT case_id, {FAMILY} AS family FROM monitoring_facts"  # noqa: S608 - constants
        f" WHERE {' AND '.join(conditions)} ORDER BY case_id"
    )
    return text, params


Explain = Callable[[Publication, FigureCell], Explanation]
"""The explanation of one cell of a published quarter, derived again from its events."""


class FigureSources:
    """The cases behind published numbers, for auditors (the API checks the role)."""

    def __init__(self, conninfo: str, explain: Explain) -> None:
        self._conninfo = conninfo
        self._explain = explain

    async def explain(self, quarter: Quarter, cell: FigureCell) -> Explanation:
        """The cell's cases and versions; QuarterNotPublished for a quarter never published,
        InvalidInput for a cell that names no published count. The derivation replays the
        events up to the quarter's position, in a worker thread."""
        cell.key()
        publication = await to_thread.run_sync(stored_publication, self._conninfo, str(quarter))
        if publication is None:
            raise QuarterNotPublished(f"{quarter} is not published")
        return await to_thread.run_sync(self._explain, publication, cell)
