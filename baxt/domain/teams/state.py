"""What a team and a gathering know: the attributes their events set."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from baxt.domain.teams.values import AgencyAttendance, GatheringKind, Place, TeamMember


class TeamState:
    """The state of one interagency team, as its events leave it."""

    id: UUID
    name: str
    place: Place
    coordination_group: str
    members: tuple[TeamMember, ...]


class GatheringState:
    """The state of one gathering, as its event leaves it."""

    id: UUID
    kind: GatheringKind
    held_on: dt.date
    place: Place
    team_id: UUID | None
    title: str
    attendance: tuple[AgencyAttendance, ...]
    parents_attending: int
    certificates_issued: int
    case_ids: tuple[UUID, ...]
