"""The InteragencyTeam and Gathering nodes, and the training figures."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import strawberry

from baxt.application.teams.reads import TrainingCounts as Counts
from baxt.application.teams.reads import TrainingFigures as Figures
from baxt.application.teams.rows import GatheringRow, TeamRow
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.types import CASE_TYPE, CaseNode
from baxt.graphql.core.context import Info
from baxt.graphql.core.node import Node, global_id
from baxt.graphql.monitoring.enums import PlaceLevel
from baxt.graphql.teams.enums import AgencyKind, GatheringKind
from baxt.graphql.teams.ids import gathering_global_id, team_global_id


@strawberry.type(description="A region, district and mahalla.")
class TeamPlace:
    region: str
    district: str
    mahalla: str


@strawberry.type(description="A professional on an interagency team (staff data).")
class TeamMember:
    member_id: strawberry.ID = strawberry.field(description="For removeTeamMember.")
    full_name: str
    agency: AgencyKind  # type: ignore[valid-type]
    role: str


@strawberry.type(description="How many professionals of one agency took part.")
class AgencyAttendance:
    agency: AgencyKind  # type: ignore[valid-type]
    participants: int


@strawberry.type(
    name="InteragencyTeam",
    description="The interagency team of a pilot mahalla, under a coordination group.",
)
class TeamNode(Node):
    name: str
    coordination_group: str
    place: TeamPlace
    members: list[TeamMember]
    version: int
    formed_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def from_row(cls, row: TeamRow) -> TeamNode:
        return cls(
            id=team_global_id(row.team_id),
            name=row.name,
            coordination_group=row.coordination_group,
            place=TeamPlace(**vars(row.place)),
            members=[
                TeamMember(
                    member_id=strawberry.ID(str(m.member_id)),
                    full_name=m.full_name,
                    agency=m.agency,
                    role=m.role,
                )
                for m in row.members
            ],
            version=row.version,
            formed_at=row.formed_at,
            updated_at=row.updated_at,
        )


@strawberry.type(
    name="Gathering",
    description="A meeting, seminar, study tour, parenting training or case conference:"
    " when, where, of which team, and who attended, counted (no parent is named).",
)
class GatheringNode(Node):
    kind: GatheringKind  # type: ignore[valid-type]
    held_on: dt.date
    quarter: str = strawberry.field(description="The quarter it was held in, e.g. 2026-Q4.")
    place: TeamPlace
    team_id: strawberry.ID | None
    title: str
    attendance: list[AgencyAttendance]
    participants: int = strawberry.field(description="Every professional and parent there.")
    parents_attending: int
    certificates_issued: int
    case_ids: list[strawberry.ID] = strawberry.field(
        description="The cases a case conference discussed (empty for other kinds)."
    )
    recorded_at: dt.datetime
    gathering_case_ids: strawberry.Private[tuple[UUID, ...]]

    @strawberry.field(
        description="The cases a case conference discussed that you reach; each read is in"
        " the access log."
    )
    async def cases(self, info: Info) -> list[CaseNode]:
        rows = await info.context.team_reads.cases_of(self.gathering_case_ids, info.context.view)
        await record_case_reads(info, [row.case_id for row in rows])
        return [CaseNode.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: GatheringRow) -> GatheringNode:
        return cls(
            id=gathering_global_id(row.gathering_id),
            kind=row.kind,
            held_on=row.held_on,
            quarter=str(row.quarter),
            place=TeamPlace(**vars(row.place)),
            team_id=team_global_id(row.team_id) if row.team_id else None,
            title=row.title,
            attendance=[
                AgencyAttendance(agency=a.agency, participants=a.participants)
                for a in row.attendance
            ],
            participants=row.participants,
            parents_attending=row.parents_attending,
            certificates_issued=row.certificates_issued,
            case_ids=[global_id(CASE_TYPE, str(c)) for c in row.case_ids],
            recorded_at=row.recorded_at,
            gathering_case_ids=row.case_ids,
        )


@strawberry.type(
    description="One place's trainings in a quarter (seminars, study tours and"
    " parenting trainings): counts only."
)
class TrainingCounts:
    region: str | None
    district: str | None
    mahalla: str | None
    trainings_held: int
    parenting_trainings: int
    people_trained: int = strawberry.field(description="Every participant, parents included.")
    parents_trained: int | None = strawberry.field(
        description="Parents attending; null when hidden as small (analysts only)."
    )
    parents_certified: int | None = strawberry.field(
        description="Parents given a certificate; null when hidden as small (analysts only)."
    )

    @classmethod
    def of(cls, counts: Counts) -> TrainingCounts:
        return cls(**vars(counts))


@strawberry.type(description="A quarter's trainings by place at a level, and their total.")
class TrainingFigures:
    quarter: str
    level: PlaceLevel  # type: ignore[valid-type]
    places: list[TrainingCounts]
    total: TrainingCounts
    suppressed: bool = strawberry.field(
        description="Whether small counts of parents are hidden (for analysts), with enough"
        " others that a total gives none away; supervisors and auditors read them exact."
    )
    small_count_threshold: int = strawberry.field(
        description="Counts from 1 to one less than this are hidden when `suppressed`."
    )

    @classmethod
    def of(cls, figures: Figures) -> TrainingFigures:
        return cls(
            quarter=str(figures.quarter),
            level=figures.level,
            places=[TrainingCounts.of(c) for c in figures.places],
            total=TrainingCounts.of(figures.total),
            suppressed=figures.suppressed,
            small_count_threshold=figures.threshold,
        )
