"""The interagency team of a pilot mahalla: professionals of the mahalla, school, clinic,
police, social services and NGOs, under a coordination group."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias
from uuid import UUID

from eventsourcing.domain import Aggregate

from baxt.domain import validation as check
from baxt.domain.errors import InvalidInput
from baxt.domain.teams import events
from baxt.domain.teams.state import TeamState
from baxt.domain.teams.values import AgencyKind, Place, TeamMember

MAX_MEMBERS = 40


class InteragencyTeam(TeamState, Aggregate, created_event_name="TeamFormed"):
    """A pilot mahalla's interagency team and who is on it."""

    TOPIC = "baxt.domain.teams:InteragencyTeam"
    if TYPE_CHECKING:
        Event: TypeAlias = events.TeamEvent
        Created: TypeAlias = events.TeamFormed
        TeamFormed: TypeAlias = events.TeamFormed
        MemberAdded: TypeAlias = events.MemberAdded
        MemberRemoved: TypeAlias = events.MemberRemoved
    else:
        vars().update(
            {"Event": events.TeamEvent, "Created": events.TeamFormed}
            | {event.__name__: event for event in events.TEAM_EVENTS}
        )

    @classmethod
    def form(
        cls, *, team_id: UUID, name: str, place: Place, coordination_group: str, actor: str
    ) -> InteragencyTeam:
        """A new team, after checking its name, its place and its coordination group."""
        return cls._create(
            events.TeamFormed,
            id=team_id,
            name=check.name(name, ("name",)),
            place=checked_place(place),
            coordination_group=check.text(
                coordination_group, ("coordination_group",), required=False
            ),
            actor=actor,
        )

    def add_member(
        self, *, member_id: UUID, full_name: str, agency: AgencyKind, role: str, actor: str
    ) -> TeamMember:
        """Adds a professional to the team; INVALID_INPUT past MAX_MEMBERS."""
        if len(self.members) >= MAX_MEMBERS:
            raise InvalidInput(f"a team has at most {MAX_MEMBERS} members", ("member",))
        member = TeamMember(
            member_id=member_id,
            full_name=check.name(full_name, ("full_name",)),
            agency=AgencyKind(agency),
            role=check.text(role, ("role",), required=False),
        )
        self.trigger_event(events.MemberAdded, member=member, actor=actor)
        return member

    def remove_member(self, *, member_id: UUID, actor: str) -> None:
        """Removes a member; INVALID_INPUT for one not on the team."""
        if all(m.member_id != member_id for m in self.members):
            raise InvalidInput("no such member on this team", ("member_id",))
        self.trigger_event(events.MemberRemoved, member_id=member_id, actor=actor)


def checked_place(place: Place) -> Place:
    """The place, each of its parts a one-line name."""
    return Place(
        region=check.name(place.region, ("place", "region")),
        district=check.name(place.district, ("place", "district")),
        mahalla=check.name(place.mahalla, ("place", "mahalla")),
    )
