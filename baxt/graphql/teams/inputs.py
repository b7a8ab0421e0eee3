"""The inputs of the team mutations."""

from __future__ import annotations

import datetime as dt

import strawberry

from baxt.graphql.teams.enums import AgencyKind, GatheringKind


@strawberry.input
class TeamPlaceInput:
    region: str
    district: str
    mahalla: str


@strawberry.input
class CreateInteragencyTeamInput:
    name: str
    place: TeamPlaceInput = strawberry.field(description="The pilot mahalla the team serves.")
    coordination_group: str = strawberry.field(
        default="", description="The coordination group the team reports to (a name or code)."
    )


@strawberry.input
class AddTeamMemberInput:
    team_id: strawberry.ID
    full_name: str
    agency: AgencyKind  # type: ignore[valid-type]
    role: str = strawberry.field(default="", description="e.g. inspector for minors.")


@strawberry.input
class RemoveTeamMemberInput:
    team_id: strawberry.ID
    member_id: strawberry.ID


@strawberry.input
class AgencyAttendanceInput:
    agency: AgencyKind  # type: ignore[valid-type]
    participants: int


@strawberry.input
class RecordGatheringInput:
    kind: GatheringKind  # type: ignore[valid-type]
    held_on: dt.date = strawberry.field(description="The day it was held, not in the future.")
    place: TeamPlaceInput
    team_id: strawberry.ID | None = None
    title: str = ""
    attendance: list[AgencyAttendanceInput] = strawberry.field(
        default_factory=list, description="Professionals taking part, counted by agency."
    )
    parents_attending: int = strawberry.field(
        default=0, description="Parents taking part: a count, never names."
    )
    certificates_issued: int = strawberry.field(
        default=0, description="Certificates given to parents (parenting trainings only)."
    )
    case_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="The cases a case conference discussed (only then)."
    )


@strawberry.input
class RecordConferenceDecisionInput:
    case_id: strawberry.ID
    gathering_id: strawberry.ID
    decision: str = strawberry.field(description="What the conference decided on the case.")
