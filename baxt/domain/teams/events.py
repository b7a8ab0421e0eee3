"""Every event of an interagency team and of a gathering, with its stored topic."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from eventsourcing.domain import Aggregate

from baxt.domain.teams.state import GatheringState, TeamState
from baxt.domain.teams.values import AgencyAttendance, GatheringKind, Place, TeamMember

TEAM_TOPIC = "baxt.domain.teams:InteragencyTeam."
GATHERING_TOPIC = "baxt.domain.teams:Gathering."
"""Stored events name their classes so, wherever the class lives."""


class TeamEvent(Aggregate.Event):
    """An event of an interagency team; every one records who did it."""

    actor: str


class TeamFormed(Aggregate.Created, TeamEvent):
    """The team of a pilot mahalla was formed, under a coordination group."""

    TOPIC = TEAM_TOPIC + "TeamFormed"
    name: str
    place: Place
    coordination_group: str

    def apply(self, aggregate: TeamState) -> None:
        aggregate.name = self.name
        aggregate.place = self.place
        aggregate.coordination_group = self.coordination_group
        aggregate.members = ()


class MemberAdded(TeamEvent):
    """A professional joined the team."""

    TOPIC = TEAM_TOPIC + "MemberAdded"
    member: TeamMember

    def apply(self, aggregate: TeamState) -> None:
        aggregate.members = (*aggregate.members, self.member)


class MemberRemoved(TeamEvent):
    """A professional left the team."""

    TOPIC = TEAM_TOPIC + "MemberRemoved"
    member_id: UUID

    def apply(self, aggregate: TeamState) -> None:
        aggregate.members = tuple(m for m in aggregate.members if m.member_id != self.member_id)


TEAM_EVENTS: tuple[type[TeamEvent], ...] = (TeamFormed, MemberAdded, MemberRemoved)
"""Every event a team stores."""


class GatheringEvent(Aggregate.Event):
    """An event of a gathering; every one records who did it."""

    actor: str


class GatheringRecorded(Aggregate.Created, GatheringEvent):
    """A meeting, seminar, study tour, parenting training or case conference was held: when,
    where, of which team, who attended (counts only), and for a conference which cases."""

    TOPIC = GATHERING_TOPIC + "GatheringRecorded"
    kind: GatheringKind
    held_on: dt.date
    place: Place
    team_id: UUID | None
    title: str
    attendance: tuple[AgencyAttendance, ...]
    parents_attending: int
    certificates_issued: int
    case_ids: tuple[UUID, ...]

    def apply(self, aggregate: GatheringState) -> None:
        aggregate.kind = self.kind
        aggregate.held_on = self.held_on
        aggregate.place = self.place
        aggregate.team_id = self.team_id
        aggregate.title = self.title
        aggregate.attendance = tuple(self.attendance)  # stored events give JSON lists back
        aggregate.parents_attending = self.parents_attending
        aggregate.certificates_issued = self.certificates_issued
        aggregate.case_ids = tuple(UUID(str(c)) for c in self.case_ids)


GATHERING_EVENTS: tuple[type[GatheringEvent], ...] = (GatheringRecorded,)
"""Every event a gathering stores."""
