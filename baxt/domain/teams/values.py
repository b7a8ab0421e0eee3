"""What an interagency team and its gatherings hold: agencies, members, places, attendance."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from uuid import UUID


class AgencyKind(Enum):
    """The agency a team member (or a gathering's participant) comes from."""

    MAHALLA = "MAHALLA"
    SCHOOL = "SCHOOL"
    CLINIC = "CLINIC"
    POLICE_INSPECTOR = "POLICE_INSPECTOR"
    SOCIAL_SERVICES = "SOCIAL_SERVICES"
    NGO = "NGO"
    OTHER = "OTHER"


class GatheringKind(Enum):
    """What a gathering was: a team meeting, a seminar, a study tour, a parenting training,
    or a case conference on some of the team's cases."""

    MEETING = "MEETING"
    SEMINAR = "SEMINAR"
    STUDY_TOUR = "STUDY_TOUR"
    PARENTING_TRAINING = "PARENTING_TRAINING"
    CASE_CONFERENCE = "CASE_CONFERENCE"


TRAININGS: frozenset[GatheringKind] = frozenset(
    {GatheringKind.SEMINAR, GatheringKind.STUDY_TOUR, GatheringKind.PARENTING_TRAINING}
)
"""The gatherings that train people: what the training figures count."""


@dataclass(frozen=True)
class Place:
    """A pilot mahalla, with its district and region."""

    region: str
    district: str
    mahalla: str


@dataclass(frozen=True)
class TeamMember:
    """A professional on the team: their name, the agency they come from and their role in it
    (e.g. inspector for minors). Staff data, not a child's or a family's."""

    member_id: UUID
    full_name: str
    agency: AgencyKind
    role: str = ""


@dataclass(frozen=True)
class AgencyAttendance:
    """How many professionals of one agency took part in a gathering."""

    agency: AgencyKind
    participants: int


TEAM_VALUE_TYPES: tuple[type, ...] = (Place, TeamMember, AgencyAttendance)
TEAM_ENUM_TYPES: tuple[type[Enum], ...] = (AgencyKind, GatheringKind)
