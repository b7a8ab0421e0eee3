"""What the API calls for household records: registering one, linking a child's case to it,
reading it and its children's cases, and one home visit recorded for several children."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Forbidden
from baxt.application.access.rules import Operation, require
from baxt.application.access.view import CaseView
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.rows import CaseSummary, case_summary, masked_row
from baxt.application.cases.service import Answer, CaseService
from baxt.application.households.rows import (
    HouseholdRow,
    household_row,
    household_row_of,
    masked_household,
)
from baxt.application.households.store import HouseholdNotFound, load_household, save_household
from baxt.application.pii.row_opener import RowOpener
from baxt.application.transient import command_in_thread
from baxt.domain.case import Case
from baxt.domain.errors import DomainError, InvalidInput
from baxt.domain.household import Address, Guardian, Household, Member
from baxt.domain.values import Visit

MAX_CASES = 50
"""The most children's cases a household lists: far more than any family has."""


@dataclass(frozen=True)
class ChildVisit:
    """One child seen (or not) on a household's home visit, and what was noted of them."""

    case_id: UUID
    child_seen: bool
    observations: str = ""
    safety_concern: bool = False


@dataclass(frozen=True)
class ChildVisitOutcome:
    """What recording one child's visit did: the case as saved, or the refusal."""

    case_id: UUID | None
    answer: Answer | None = None
    refusal: DomainError | None = None


class HouseholdService:
    """Household records in the case event store (sealed with the household's own key), read
    from the `household` read model; reach is by the household's place, as for flagging."""

    def __init__(
        self,
        app: CaseApplication,
        cases: CaseService,
        pool: AsyncConnectionPool[Any],
        opener: RowOpener | None = None,
    ) -> None:
        self.app = app
        self.cases = cases
        self._pool = pool
        self._opener = opener or RowOpener(app.child_keys.master)

    async def register(
        self,
        view: CaseView,
        *,
        guardians: Sequence[Guardian],
        address: Address,
        members: Sequence[Member],
    ) -> HouseholdRow:
        """Registers a household in the caller's places; FORBIDDEN for one elsewhere."""
        require(view.principal, Operation.FLAG_CHILDREN)
        household = Household.register(
            household_id=uuid4(),
            guardians=guardians,
            address=address,
            members=members,
            actor=view.principal.actor,
        )
        row = household_row_of(household)
        if not view.scope.covers_place(row.place):
            view.refuse(Operation.FLAG_CHILDREN, "household out of scope")
            raise Forbidden("you may register households only in the places you work")
        await command_in_thread(lambda: save_household(self.app, household))
        return masked_household(row, view.masks)

    async def link_case(self, view: CaseView, household_id: UUID, case_id: UUID) -> Answer:
        """Links a case the caller reaches to a household record they reach."""
        await self._require_in_reach(view, household_id)
        actor = view.principal.actor
        return await self.cases.change(
            view,
            case_id,
            lambda case: case.link_to_household(household_id=household_id, actor=actor),
        )

    async def record_visit(
        self,
        view: CaseView,
        household_id: UUID,
        *,
        visit: Visit,
        children: Sequence[ChildVisit],
    ) -> list[ChildVisitOutcome]:
        """One home visit to the household, recorded on each child's own case by its own rules:
        a case that refuses (closed, out of reach, of another household) is reported on its
        own, and the other children's visits are recorded all the same."""
        await self._require_in_reach(view, household_id)
        return [await self._record_one(view, household_id, visit, child) for child in children]

    async def get(self, household_id: UUID, view: CaseView) -> HouseholdRow | None:
        """The household as the caller sees it; None when there is none or it is out of reach."""
        require(view.principal, Operation.READ_CASES)
        rows = await self._fetch(
            sql.SQL("SELECT * FROM household WHERE household_id = %s"),
            [household_id],
            "household_id",
        )
        if not rows:
            return None
        row = household_row(rows[0])
        if not view.scope.covers_place(row.place):
            view.refuse(Operation.READ_CASES, "out of scope")
            return None
        return masked_household(row, view.masks)

    async def cases_of(self, household_id: UUID, view: CaseView) -> list[CaseSummary]:
        """The household's children's cases that the caller reaches, oldest flag first."""
        require(view.principal, Operation.READ_CASES)
        reach, params = view.scope.condition()
        query = sql.SQL(
            "SELECT * FROM case_summary WHERE household_id = %s AND {}"
            " ORDER BY flagged_at, case_id LIMIT %s"
        ).format(reach)
        rows = await self._fetch(query, [household_id, *params, MAX_CASES], "case_id")
        return [masked_row(case_summary(row), view.masks) for row in rows]

    async def _record_one(
        self, view: CaseView, household_id: UUID, visit: Visit, child: ChildVisit
    ) -> ChildVisitOutcome:
        seen = Visit(
            visited_at=visit.visited_at,
            child_seen=child.child_seen,
            guardian_present=visit.guardian_present,
            observations=child.observations,
            safety_concern=child.safety_concern,
        )
        actor, now = view.principal.actor, self.cases.now()

        def record(case: Case) -> None:
            if case.household_id != household_id:
                raise InvalidInput("this case is not linked to the household", ("case_id",))
            case.record_visit(visit=seen, actor=actor, now=now)

        try:
            answer = await self.cases.change(view, child.case_id, record)
        except DomainError as refusal:
            return ChildVisitOutcome(child.case_id, refusal=refusal)
        return ChildVisitOutcome(child.case_id, answer=answer)

    async def _require_in_reach(self, view: CaseView, household_id: UUID) -> HouseholdRow:
        found = await command_in_thread(lambda: load_household(self.app, household_id))
        row = household_row_of(found)
        if not view.scope.covers_place(row.place):
            view.refuse(Operation.CHANGE_CASES, "household out of scope")
            raise HouseholdNotFound("no such household", ("household_id",))
        return row

    async def _fetch(
        self, query: sql.Composable, params: list[Any], owner: str
    ) -> list[dict[str, Any]]:
        """The rows, their sealed texts opened under the keys of their `owner` column."""
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query, params)
            return await self._opener.open_rows(conn, list(await cur.fetchall()), owner)
