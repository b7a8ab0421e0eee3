"""Reading teams and gatherings, and the training figures."""

from __future__ import annotations

from uuid import UUID

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.teams.reads import PlaceFilter
from baxt.domain.errors import DomainError
from baxt.domain.monitoring.measures import PlaceLevel as Level
from baxt.domain.quarter import Quarter
from baxt.domain.teams import values
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import BadRequest
from baxt.graphql.core.permissions import Needs
from baxt.graphql.monitoring.enums import PlaceLevel
from baxt.graphql.teams.enums import GatheringKind
from baxt.graphql.teams.ids import TEAM_TYPE, uuid_of
from baxt.graphql.teams.types import GatheringNode, TeamNode, TrainingFigures

READ = [Needs(Operation.READ_CASES)]


def _page(info: Info, first: int) -> int:
    if not 1 <= first <= info.context.max_page_size:
        raise BadRequest(f"first must be from 1 to {info.context.max_page_size}")
    return first


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError as error:
        raise BadRequest(str(error)) from None


def _team(team_id: strawberry.ID | None) -> UUID | None:
    try:
        return uuid_of(TEAM_TYPE, team_id, ("team_id",)) if team_id is not None else None
    except DomainError as error:
        raise BadRequest(error.message) from None


async def read_team_record(info: Info, kind: str, id: str) -> TeamNode | GatheringNode | None:
    """The team or gathering by its global ID; None when there is none or it is out of reach."""
    reads, view = info.context.team_reads, info.context.view
    try:
        record_id = uuid_of(kind, id, ("id",))
    except DomainError:
        return None
    if kind == TEAM_TYPE:
        team = await reads.team(view, record_id)
        return TeamNode.from_row(team) if team else None
    gathering = await reads.gathering(view, record_id)
    return GatheringNode.from_row(gathering) if gathering else None


@strawberry.type
class Query:
    @strawberry.field(
        description="The interagency teams in your reach (their place), kept to a region,"
        " district or mahalla if given.",
        permission_classes=READ,
    )
    async def interagency_teams(
        self,
        info: Info,
        region: str | None = None,
        district: str | None = None,
        mahalla: str | None = None,
        first: int = 50,
    ) -> list[TeamNode]:
        place = PlaceFilter(region, district, mahalla)
        rows = await info.context.team_reads.teams(info.context.view, place, _page(info, first))
        return [TeamNode.from_row(row) for row in rows]

    @strawberry.field(
        description="The gatherings in your reach, the latest held first, kept to a kind, a"
        " quarter (e.g. 2026-Q4), a team and a place if given.",
        permission_classes=READ,
    )
    async def gatherings(
        self,
        info: Info,
        kind: GatheringKind | None = None,  # type: ignore[valid-type]
        quarter: str | None = None,
        team_id: strawberry.ID | None = None,
        region: str | None = None,
        district: str | None = None,
        mahalla: str | None = None,
        first: int = 50,
    ) -> list[GatheringNode]:
        rows = await info.context.team_reads.gatherings(
            info.context.view,
            PlaceFilter(region, district, mahalla),
            kind=values.GatheringKind(kind) if kind is not None else None,
            quarter=_quarter(quarter) if quarter is not None else None,
            team_id=_team(team_id),
            limit=_page(info, first),
        )
        return [GatheringNode.from_row(row) for row in rows]

    @strawberry.field(
        description="A quarter's trainings (seminars, study tours, parenting trainings) by"
        " place at `level`, kept to a region, district or mahalla if given, and their total:"
        " trainings held, people trained, parents certified. Counts only; supervisors count"
        " their own districts and regions, analysts and auditors everywhere.",
        permission_classes=[Needs(Operation.AGGREGATES)],
    )
    async def training_figures(
        self,
        info: Info,
        quarter: str,
        level: PlaceLevel = Level.REGION,  # type: ignore[valid-type]
        region: str | None = None,
        district: str | None = None,
        mahalla: str | None = None,
    ) -> TrainingFigures:
        chosen = _quarter(quarter)
        figures = await info.context.team_reads.training_figures(
            info.context.caller, chosen, Level(level), PlaceFilter(region, district, mahalla)
        )
        return TrainingFigures.of(figures)
