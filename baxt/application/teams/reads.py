"""Reading teams and gatherings, the cases a conference discussed, and the training figures.

Teams and gatherings are read by whoever reads cases, in the same places; the training
figures are counts, read by whoever reads counts, over the places their counts cover.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal
from baxt.application.access.rules import Operation, require
from baxt.application.access.scope import aggregate_scope
from baxt.application.access.view import CaseView
from baxt.application.cases.rows import CaseSummary, case_summary, masked_row
from baxt.application.monitoring.figures import SUPPRESSED_FOR
from baxt.application.pii.row_opener import RowOpener
from baxt.application.teams.rows import GatheringRow, TeamRow, gathering_row, team_row
from baxt.domain.monitoring.measures import PlaceLevel
from baxt.domain.monitoring.suppression import (
    DEFAULT_THRESHOLD,
    Group,
    Visibility,
    suppress,
)
from baxt.domain.quarter import Quarter
from baxt.domain.teams import GatheringKind
from baxt.domain.teams.values import TRAININGS


@dataclass(frozen=True)
class PlaceFilter:
    """The region, district or mahalla a list or a count is kept to; None: any."""

    region: str | None = None
    district: str | None = None
    mahalla: str | None = None

    def condition(self) -> tuple[sql.Composable, list[Any]]:
        given = [(k, v) for k, v in vars(self).items() if v is not None]
        parts = [sql.SQL("{} = %s").format(sql.Identifier(k)) for k, _ in given]
        return sql.SQL(" AND ").join([sql.SQL("TRUE"), *parts]), [v for _, v in given]


@dataclass(frozen=True)
class TrainingCounts:
    """One place's trainings in a quarter: how many were held (seminars, study tours and
    parenting trainings), how many people took part, how many parents were certified; the
    parents' counts None where they are hidden as small."""

    region: str | None
    district: str | None
    mahalla: str | None
    trainings_held: int
    parenting_trainings: int
    people_trained: int
    parents_trained: int | None
    parents_certified: int | None


@dataclass(frozen=True)
class TrainingFigures:
    """A quarter's training counts by place at a level, and their total."""

    quarter: Quarter
    level: PlaceLevel
    places: list[TrainingCounts]
    total: TrainingCounts
    suppressed: bool = False
    threshold: int = DEFAULT_THRESHOLD


_COUNTS = """count(*)::int, (count(*) FILTER (WHERE kind = 'PARENTING_TRAINING'))::int,
coalesce(sum(participants), 0)::int, coalesce(sum(parents_attending), 0)::int,
coalesce(sum(certificates_issued), 0)::int"""


class TeamReads:
    """Teams, gatherings and the training figures from their read models."""

    def __init__(
        self,
        pool: AsyncConnectionPool[Any],
        opener: RowOpener | None = None,
        threshold: int = DEFAULT_THRESHOLD,
    ) -> None:
        self._pool = pool
        self._opener = opener or RowOpener.from_environment()
        self.threshold = threshold

    async def teams(self, view: CaseView, place: PlaceFilter, limit: int) -> list[TeamRow]:
        """The teams in the caller's reach (and in `place`), by place then name."""
        require(view.principal, Operation.READ_CASES)
        reach, params = view.scope.place_condition("")
        where, given = place.condition()
        query = sql.SQL(
            "SELECT * FROM interagency_team WHERE {} AND {}"
            " ORDER BY region, district, mahalla, name, team_id LIMIT %s"
        ).format(reach, where)
        return [team_row(row) for row in await self._fetch(query, [*params, *given, limit])]

    async def gatherings(
        self,
        view: CaseView,
        place: PlaceFilter,
        *,
        kind: GatheringKind | None,
        quarter: Quarter | None,
        team_id: UUID | None,
        limit: int,
    ) -> list[GatheringRow]:
        """The gatherings in the caller's reach that match, the latest held first."""
        require(view.principal, Operation.READ_CASES)
        reach, params = view.scope.place_condition("")
        where, given = place.condition()
        extra = [
            (column, value)
            for column, value in (
                ("kind", kind.value if kind else None),
                ("quarter", str(quarter) if quarter else None),
                ("team_id", team_id),
            )
            if value is not None
        ]
        matches = [sql.SQL("{} = %s").format(sql.Identifier(c)) for c, _ in extra]
        query = sql.SQL(
            "SELECT * FROM gathering WHERE {} AND {} AND {}"
            " ORDER BY held_on DESC, gathering_id DESC LIMIT %s"
        ).format(reach, where, sql.SQL(" AND ").join([sql.SQL("TRUE"), *matches]))
        rows = await self._fetch(query, [*params, *given, *(v for _, v in extra), limit])
        return [gathering_row(row) for row in rows]

    async def team(self, view: CaseView, team_id: UUID) -> TeamRow | None:
        """The team as the caller sees it; None when there is none or it is out of reach."""
        rows = await self._one(view, "interagency_team", "team_id", team_id)
        return team_row(rows[0]) if rows else None

    async def gathering(self, view: CaseView, gathering_id: UUID) -> GatheringRow | None:
        """The gathering as the caller sees it; None when there is none or out of reach."""
        rows = await self._one(view, "gathering", "gathering_id", gathering_id)
        return gathering_row(rows[0]) if rows else None

    async def _one(self, view: CaseView, table: str, key: str, value: UUID) -> list[dict[str, Any]]:
        require(view.principal, Operation.READ_CASES)
        reach, params = view.scope.place_condition("")
        query = sql.SQL("SELECT * FROM {} WHERE {} = %s AND {}").format(
            sql.Identifier(table), sql.Identifier(key), reach
        )
        return await self._fetch(query, [value, *params])

    async def cases_of(self, case_ids: tuple[UUID, ...], view: CaseView) -> list[CaseSummary]:
        """The cases a conference discussed that the caller reaches, in the conference's order."""
        require(view.principal, Operation.READ_CASES)
        reach, params = view.scope.condition()
        query = sql.SQL("SELECT * FROM case_summary WHERE case_id = ANY(%s) AND {}").format(reach)
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query, [list(case_ids), *params])
            found = await self._opener.open_rows(conn, list(await cur.fetchall()), "case_id")
        rows = {r["case_id"]: r for r in found}
        return [masked_row(case_summary(rows[c]), view.masks) for c in case_ids if c in rows]

    async def training_figures(
        self, principal: Principal, quarter: Quarter, level: PlaceLevel, place: PlaceFilter
    ) -> TrainingFigures:
        """The quarter's trainings by place at `level` (kept to `place`), over the places the
        caller's counts cover, and their total. Counts only; for an analyst, the parents'
        small counts are hidden as the monitoring figures' are (`threshold`)."""
        scope = aggregate_scope(principal)
        reach, params = scope.place_condition("")
        where, given = place.condition()
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in level.columns)
        base = sql.SQL("FROM gathering WHERE quarter = %s AND kind = ANY(%s) AND {} AND {}").format(
            reach, where
        )
        trainings = sorted(kind.value for kind in TRAININGS)
        args = [str(quarter), trainings, *params, *given]
        by_place = sql.SQL("SELECT {}, " + _COUNTS + " {} GROUP BY {} ORDER BY {}").format(
            columns, base, columns, columns
        )
        total = sql.SQL("SELECT " + _COUNTS + " {}").format(base)
        places = [_counts(level, row) for row in await self._tuples(by_place, args)]
        (overall,) = await self._tuples(total, args)
        figures = TrainingFigures(quarter, level, places, _counts(None, overall))
        if principal.role in SUPPRESSED_FOR:
            return parents_suppressed(figures, self.threshold)
        return figures

    async def _fetch(self, query: sql.Composable, params: list[Any]) -> list[dict[str, Any]]:
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query, params)
            return list(await cur.fetchall())

    async def _tuples(self, query: sql.Composable, params: list[Any]) -> list[tuple[Any, ...]]:
        async with self._pool.connection() as conn, conn.cursor() as cur:
            await cur.execute(query, params)
            return list(await cur.fetchall())


def _counts(level: PlaceLevel | None, row: tuple[Any, ...]) -> TrainingCounts:
    width = len(level.columns) if level else 0
    names = [*row[:width], None, None, None][:3]
    return TrainingCounts(*names, *row[width:])


_PARENT_COUNTS = ("parents_trained", "parents_certified")
"""The counts of parents, who are the families the cases are about; trainings and people
trained (mostly professionals) are shown as they are."""
_TOTAL = -1
"""The total's cell: the last of the rows."""


def parents_suppressed(figures: TrainingFigures, threshold: int) -> TrainingFigures:
    """The figures with each small count of parents hidden, and enough others that the total
    gives none of them away (`baxt.domain.monitoring.suppression`)."""
    rows = [*figures.places, figures.total]
    hidden: list[set[str]] = [set() for _ in rows]
    group = Group(tuple(range(len(figures.places))), _TOTAL)
    for measure in _PARENT_COUNTS:
        counts = {i: getattr(row, measure) for i, row in enumerate(figures.places)}
        counts[_TOTAL] = getattr(figures.total, measure)
        for cell, seen in suppress(counts, [group], threshold).items():
            if seen is not Visibility.SHOWN:
                hidden[cell].add(measure)
    shown = [_hiding(row, measures) for row, measures in zip(rows, hidden, strict=True)]
    return replace(
        figures, places=shown[:-1], total=shown[-1], suppressed=True, threshold=threshold
    )


def _hiding(row: TrainingCounts, measures: set[str]) -> TrainingCounts:
    return replace(
        row,
        parents_trained=None if "parents_trained" in measures else row.parents_trained,
        parents_certified=None if "parents_certified" in measures else row.parents_certified,
    )
