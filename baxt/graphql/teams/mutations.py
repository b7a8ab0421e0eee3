"""Forming a team, adding and removing its members, recording a gathering, and recording a
case conference's decision on a case."""

from __future__ import annotations

from uuid import UUID

import strawberry

from baxt.application.access.rules import Operation
from baxt.domain.errors import DomainError
from baxt.domain.teams import AgencyAttendance, AgencyKind, GatheringKind, Place
from baxt.domain.teams.gathering import GatheringFacts
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.cases.mutations import refused
from baxt.graphql.cases.saved import saved_case
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.core.user_errors import user_errors
from baxt.graphql.teams import payloads as p
from baxt.graphql.teams.ids import GATHERING_TYPE, TEAM_TYPE, plain_uuid, uuid_of
from baxt.graphql.teams.inputs import (
    AddTeamMemberInput,
    CreateInteragencyTeamInput,
    RecordConferenceDecisionInput,
    RecordGatheringInput,
    RemoveTeamMemberInput,
)
from baxt.graphql.teams.types import GatheringNode, TeamNode

RECORD = [Needs(Operation.CHANGE_CASES)]


def _case_id(value: str, index: int) -> UUID:
    """A discussed case's UUID; its refusal named on its own entry of `caseIds`."""
    try:
        return case_uuid(value)
    except DomainError as error:
        error.field = ("case_ids", str(index))
        raise


def _facts(given: RecordGatheringInput) -> GatheringFacts:
    team_id = given.team_id
    return GatheringFacts(
        kind=GatheringKind(given.kind),
        held_on=given.held_on,
        place=Place(**vars(given.place)),
        team_id=uuid_of(TEAM_TYPE, team_id, ("team_id",)) if team_id is not None else None,
        title=given.title,
        attendance=[
            AgencyAttendance(AgencyKind(a.agency), a.participants) for a in given.attendance
        ],
        parents_attending=given.parents_attending,
        certificates_issued=given.certificates_issued,
        case_ids=[_case_id(c, i) for i, c in enumerate(given.case_ids)],
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Forms the interagency team of a mahalla in your places.",
        permission_classes=RECORD,
    )
    async def create_interagency_team(
        self, info: Info, input: CreateInteragencyTeamInput
    ) -> p.TeamPayload:
        try:
            row = await info.context.teams.form_team(
                info.context.view,
                name=input.name,
                place=Place(**vars(input.place)),
                coordination_group=input.coordination_group,
            )
        except DomainError as error:
            return p.TeamPayload(team=None, user_errors=user_errors(error))
        return p.TeamPayload(team=TeamNode.from_row(row), user_errors=[])

    @strawberry.mutation(
        description="Adds a professional (of the mahalla, a school, a clinic, the police,"
        " social services or an NGO) to a team you reach.",
        permission_classes=RECORD,
    )
    async def add_team_member(self, info: Info, input: AddTeamMemberInput) -> p.TeamPayload:
        try:
            row = await info.context.teams.add_member(
                info.context.view,
                uuid_of(TEAM_TYPE, input.team_id, ("team_id",)),
                full_name=input.full_name,
                agency=AgencyKind(input.agency),
                role=input.role,
            )
        except DomainError as error:
            return p.TeamPayload(team=None, user_errors=user_errors(error))
        return p.TeamPayload(team=TeamNode.from_row(row), user_errors=[])

    @strawberry.mutation(
        description="Removes a member from a team you reach.", permission_classes=RECORD
    )
    async def remove_team_member(self, info: Info, input: RemoveTeamMemberInput) -> p.TeamPayload:
        try:
            row = await info.context.teams.remove_member(
                info.context.view,
                uuid_of(TEAM_TYPE, input.team_id, ("team_id",)),
                plain_uuid(input.member_id, ("member_id",)),
            )
        except DomainError as error:
            return p.TeamPayload(team=None, user_errors=user_errors(error))
        return p.TeamPayload(team=TeamNode.from_row(row), user_errors=[])

    @strawberry.mutation(
        description="Records a meeting, seminar, study tour, parenting training or case"
        " conference held in your places: attendance by agency, parents as a count, the"
        " certificates issued, and a conference's cases.",
        permission_classes=RECORD,
    )
    async def record_gathering(
        self, info: Info, input: RecordGatheringInput
    ) -> p.RecordGatheringPayload:
        try:
            row = await info.context.teams.record_gathering(info.context.view, _facts(input))
        except DomainError as error:
            return p.RecordGatheringPayload(gathering=None, user_errors=user_errors(error))
        return p.RecordGatheringPayload(gathering=GatheringNode.from_row(row), user_errors=[])

    @strawberry.mutation(
        description="Records on a case what a case conference that discussed it decided; it"
        " shows in the case's history.",
        permission_classes=RECORD,
    )
    async def record_conference_decision(
        self, info: Info, input: RecordConferenceDecisionInput
    ) -> p.RecordConferenceDecisionPayload:
        try:
            answer = await info.context.teams.record_decision(
                info.context.view,
                case_uuid(input.case_id),
                uuid_of(GATHERING_TYPE, input.gathering_id, ("gathering_id",)),
                input.decision,
            )
        except DomainError as error:
            return refused(p.RecordConferenceDecisionPayload, error)
        case = await saved_case(info, answer)
        return p.RecordConferenceDecisionPayload(case=case, user_errors=[])
