"""A team and a gathering as their read models hold them, and as a caller sees them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from baxt.application.access.scope import CaseFacts
from baxt.domain.quarter import Quarter
from baxt.domain.teams import (
    AgencyAttendance,
    AgencyKind,
    Gathering,
    GatheringKind,
    InteragencyTeam,
    Place,
    TeamMember,
)


@dataclass(frozen=True)
class TeamRow:
    """One interagency team: its place, its coordination group and its members."""

    team_id: UUID
    name: str
    coordination_group: str
    place: Place
    members: tuple[TeamMember, ...]
    version: int
    formed_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class GatheringRow:
    """One gathering: what, when, where, of which team, who attended (counts), which cases."""

    gathering_id: UUID
    kind: GatheringKind
    held_on: dt.date
    place: Place
    team_id: UUID | None
    title: str
    attendance: tuple[AgencyAttendance, ...]
    participants: int
    parents_attending: int
    certificates_issued: int
    case_ids: tuple[UUID, ...]
    recorded_at: dt.datetime

    @property
    def quarter(self) -> Quarter:
        return quarter_of(self.held_on)


def place_facts(place: Place) -> CaseFacts:
    """What decides who reaches a team or a gathering: its place."""
    return CaseFacts(place.region, place.district, place.mahalla)


def quarter_of(day: dt.date) -> Quarter:
    """The quarter a day falls in (a day is already on the Asia/Tashkent calendar)."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def team_row_of(team: InteragencyTeam) -> TeamRow:
    """The team in exactly the shape its `interagency_team` row has at its version."""
    return TeamRow(
        team_id=team.id,
        name=team.name,
        coordination_group=team.coordination_group,
        place=team.place,
        members=tuple(team.members),
        version=team.version,
        formed_at=team.created_on,
        updated_at=team.modified_on,
    )


def gathering_row_of(gathering: Gathering) -> GatheringRow:
    """The gathering in exactly the shape its `gathering` row has."""
    return GatheringRow(
        gathering_id=gathering.id,
        kind=gathering.kind,
        held_on=gathering.held_on,
        place=gathering.place,
        team_id=gathering.team_id,
        title=gathering.title,
        attendance=tuple(gathering.attendance),
        participants=gathering.participants,
        parents_attending=gathering.parents_attending,
        certificates_issued=gathering.certificates_issued,
        case_ids=tuple(gathering.case_ids),
        recorded_at=gathering.created_on,
    )


def team_row(row: dict[str, Any]) -> TeamRow:
    """The TeamRow of an `interagency_team` row as the database driver gives it."""
    return TeamRow(
        team_id=row["team_id"],
        name=row["name"],
        coordination_group=row["coordination_group"],
        place=Place(row["region"], row["district"], row["mahalla"]),
        members=tuple(
            TeamMember(UUID(m["member_id"]), m["full_name"], AgencyKind(m["agency"]), m["role"])
            for m in row["members"]
        ),
        version=row["version"],
        formed_at=row["formed_at"],
        updated_at=row["updated_at"],
    )


def gathering_row(row: dict[str, Any]) -> GatheringRow:
    """The GatheringRow of a `gathering` row as the database driver gives it."""
    return GatheringRow(
        gathering_id=row["gathering_id"],
        kind=GatheringKind(row["kind"]),
        held_on=row["held_on"],
        place=Place(row["region"], row["district"], row["mahalla"]),
        team_id=row["team_id"],
        title=row["title"],
        attendance=tuple(
            AgencyAttendance(AgencyKind(a["agency"]), a["participants"]) for a in row["attendance"]
        ),
        participants=row["participants"],
        parents_attending=row["parents_attending"],
        certificates_issued=row["certificates_issued"],
        case_ids=tuple(row["case_ids"]),
        recorded_at=row["recorded_at"],
    )
