"""What the API calls to change teams and gatherings: forming a team, adding and removing
its members, recording a gathering, and recording a case conference's decision on a case.

Reach is by place, as for registering a household: a caseworker records in their mahallas,
a supervisor in their districts and regions. Every command finds its records, and checks the
caller's reach, on the event store.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

from baxt.application.access.principal import Forbidden
from baxt.application.access.rules import Operation, require
from baxt.application.access.view import CaseView
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.loading import load_cases
from baxt.application.cases.rows import case_row_of
from baxt.application.cases.service import Answer, CaseService
from baxt.application.teams.rows import (
    GatheringRow,
    TeamRow,
    gathering_row_of,
    place_facts,
    team_row_of,
)
from baxt.application.teams.store import TeamRecordNotFound, load_record, save_record
from baxt.application.transient import command_in_thread
from baxt.domain.errors import CaseNotDiscussed, CaseNotFound
from baxt.domain.quarter import local_date
from baxt.domain.teams import AgencyKind, Gathering, InteragencyTeam, Place
from baxt.domain.teams.gathering import GatheringFacts


class TeamService:
    """Teams and gatherings in the case event store, read from their read models."""

    def __init__(self, app: CaseApplication, cases: CaseService) -> None:
        self.app = app
        self.cases = cases

    async def form_team(
        self, view: CaseView, *, name: str, place: Place, coordination_group: str
    ) -> TeamRow:
        """Forms a team of a mahalla in the caller's places; FORBIDDEN for one elsewhere."""
        require(view.principal, Operation.CHANGE_CASES)
        team = InteragencyTeam.form(
            team_id=uuid4(),
            name=name,
            place=place,
            coordination_group=coordination_group,
            actor=view.principal.actor,
        )
        self._require_place(view, team.place)
        await command_in_thread(lambda: save_record(self.app, team))
        return team_row_of(team)

    async def add_member(
        self, view: CaseView, team_id: UUID, *, full_name: str, agency: AgencyKind, role: str
    ) -> TeamRow:
        """Adds a professional to a team the caller reaches."""
        team = await self._team_in_reach(view, team_id)
        team.add_member(
            member_id=uuid4(),
            full_name=full_name,
            agency=agency,
            role=role,
            actor=view.principal.actor,
        )
        await command_in_thread(lambda: save_record(self.app, team))
        return team_row_of(team)

    async def remove_member(self, view: CaseView, team_id: UUID, member_id: UUID) -> TeamRow:
        """Removes a member from a team the caller reaches."""
        team = await self._team_in_reach(view, team_id)
        team.remove_member(member_id=member_id, actor=view.principal.actor)
        await command_in_thread(lambda: save_record(self.app, team))
        return team_row_of(team)

    async def record_gathering(self, view: CaseView, facts: GatheringFacts) -> GatheringRow:
        """Records a gathering held in the caller's places, of a team they reach (if it names
        one); a case conference's cases must each be a case they reach."""
        require(view.principal, Operation.CHANGE_CASES)
        gathering = Gathering.record(
            gathering_id=uuid4(),
            facts=facts,
            today=local_date(self.cases.now()),
            actor=view.principal.actor,
        )
        self._require_place(view, gathering.place)
        if gathering.team_id is not None:
            await self._team_in_reach(view, gathering.team_id)
        await self._require_cases(view, gathering.case_ids)
        await command_in_thread(lambda: save_record(self.app, gathering))
        return gathering_row_of(gathering)

    async def record_decision(
        self, view: CaseView, case_id: UUID, gathering_id: UUID, decision: str
    ) -> Answer:
        """Records on the case what the case conference decided about it: the conference must
        be one the caller reaches that discussed the case (else CASE_NOT_DISCUSSED)."""
        gathering = await command_in_thread(
            lambda: load_record(self.app, gathering_id, Gathering, "gathering_id")
        )
        if not view.scope.covers_place(place_facts(gathering.place)):
            view.refuse(Operation.CHANGE_CASES, "gathering out of scope")
            raise TeamRecordNotFound("no such gathering", ("gathering_id",))
        if case_id not in gathering.case_ids:
            raise CaseNotDiscussed("this gathering did not discuss the case", ("case_id",))
        actor = view.principal.actor
        return await self.cases.change(
            view,
            case_id,
            lambda case: case.record_conference_decision(
                gathering_id=gathering_id, decision=decision, actor=actor
            ),
            name="record_conference_decision",
        )

    def _require_place(self, view: CaseView, place: Place) -> None:
        if not view.scope.covers_place(place_facts(place)):
            view.refuse(Operation.CHANGE_CASES, "place out of scope")
            raise Forbidden("you may record teams and gatherings only in the places you work")

    async def _team_in_reach(self, view: CaseView, team_id: UUID) -> InteragencyTeam:
        require(view.principal, Operation.CHANGE_CASES)
        team = await command_in_thread(
            lambda: load_record(self.app, team_id, InteragencyTeam, "team_id")
        )
        if not view.scope.covers_place(place_facts(team.place)):
            view.refuse(Operation.CHANGE_CASES, "team out of scope")
            raise TeamRecordNotFound("no such team", ("team_id",))
        return team

    async def _require_cases(self, view: CaseView, case_ids: Sequence[UUID]) -> None:
        """Every case exists and is in the caller's reach; NOT_FOUND on the first that is not."""
        found = await command_in_thread(lambda: load_cases(self.app, case_ids))
        for index, case_id in enumerate(case_ids):
            case = found.get(case_id)
            if case is None or not view.scope.covers(case_row_of(case).facts):
                view.refuse(Operation.CHANGE_CASES, "case out of scope")
                raise CaseNotFound("no such case", ("case_ids", str(index)))
