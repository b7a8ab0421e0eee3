from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

import psycopg

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.loading import load_cases
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter

PLANNER = "scheduler"
# Cases the read model already shows planned for the quarter, assigned, and with a review due
# if reviewed are skipped; a stale read model only adds candidates, which the case refuses.
_OPEN_CASES = (
    "SELECT case_id FROM case_summary WHERE status <> 'CLOSED'"
    " AND (planned_quarter IS DISTINCT FROM %(quarter)s OR caseworker IS NULL"
    " OR (status IN ('CONSULTED', 'REFERRED') AND next_review_due IS NULL))"
    " ORDER BY flagged_at, case_id"
)
_CASEWORKERS = """
SELECT s.user_id, s.region, s.district, s.mahallas, s.capacity,
       (SELECT count(*) FROM case_summary c
        WHERE c.caseworker = s.user_id AND c.status <> 'CLOSED') AS load
FROM staff s WHERE s.role = 'CASEWORKER' ORDER BY s.user_id
"""


@dataclass(frozen=True)
class PlanReport:
    """What planning a quarter did: visits planned, cases assigned, cases nobody could take,
    and reviews planned."""

    quarter: str
    open_cases: int
    planned: int
    assigned: int
    unassigned: int
    reviews_planned: int = 0
    home_visits: int = 0
    """The visits planned to make: one per household whose children's cases it planned, one
    per case linked to no household."""


@dataclass
class _Caseworker:
    user_id: str
    region: str
    district: str
    mahallas: tuple[str, ...]
    capacity: int
    load: int

    def covers(self, case: Case) -> bool:
        h = case.household
        place = (self.region, self.district) == (h.region, h.district)
        return place and (not self.mahallas or h.mahalla in self.mahallas)

    @property
    def has_room(self) -> bool:
        return self.load < self.capacity


class QuarterPlanner:
    """Plans every open case's home visit for a quarter, the review of each consulted or
    referred case that has none due, and assigns the unassigned.

    Running it twice for one quarter plans and assigns nothing twice: the case
    itself refuses a second plan for a quarter it already has.

    Siblings make one household visit: each child's case keeps its own planned visit (due on
    the quarter's last day, like every other), and an unassigned sibling goes to the
    caseworker who has the first of the household's cases, so one person visits the family.
    """

    def __init__(self, app: CaseApplication, conninfo: str, *, batch_size: int = 1000) -> None:
        self._app = app
        self._conninfo = conninfo
        self._batch_size = batch_size
        self._household_caseworkers: dict[UUID, str] = {}
        self._visits: set[UUID] = set()

    def plan(
        self, quarter: Quarter, *, progress: Callable[[int, int], None] | None = None
    ) -> PlanReport:
        case_ids, caseworkers = self._candidates(quarter)
        self._household_caseworkers, self._visits = {}, set()
        totals = [0, 0, 0, 0]
        for start in range(0, len(case_ids), self._batch_size):
            batch = case_ids[start : start + self._batch_size]
            counts = self._plan_batch(batch, quarter, caseworkers)
            totals = [total + count for total, count in zip(totals, counts, strict=True)]
            if progress is not None:
                progress(start + len(batch), len(case_ids))
        planned, assigned, unassigned, reviews = totals
        return PlanReport(
            str(quarter), len(case_ids), planned, assigned, unassigned, reviews, len(self._visits)
        )

    def _candidates(self, quarter: Quarter) -> tuple[list[UUID], list[_Caseworker]]:
        with psycopg.connect(self._conninfo) as conn:
            case_ids = [
                row[0] for row in conn.execute(_OPEN_CASES, {"quarter": str(quarter)}).fetchall()
            ]
            caseworkers = [
                _Caseworker(r[0], r[1], r[2], tuple(r[3]), r[4], r[5])
                for r in conn.execute(_CASEWORKERS).fetchall()
            ]
        return case_ids, caseworkers

    def _plan_batch(
        self, case_ids: Sequence[UUID], quarter: Quarter, caseworkers: list[_Caseworker]
    ) -> tuple[int, int, int, int]:
        changed: list[Case] = []
        planned = assigned = unassigned = reviews = 0
        loaded = load_cases(self._app, case_ids)
        for case_id in case_ids:
            case = loaded.get(case_id)
            if case is None or not case.is_open:
                continue
            was_planned = case.plan_visit(quarter=quarter, actor=PLANNER)
            review_planned = case.plan_review(quarter=quarter, actor=PLANNER)
            was_assigned = False
            if case.caseworker is None:
                chosen = self._sibling_caseworker(case, caseworkers) or _least_loaded(
                    case, caseworkers
                )
                if chosen is None:
                    unassigned += 1
                else:
                    was_assigned = case.assign(
                        caseworker=chosen.user_id, reason=f"planning {quarter}", actor=PLANNER
                    )
                    chosen.load += 1
            self._note_household(case, was_planned)
            planned += was_planned
            assigned += was_assigned
            reviews += review_planned
            if was_planned or was_assigned or review_planned:
                changed.append(case)
        self._app.save_batch(changed, during="while the quarter was being planned")
        return planned, assigned, unassigned, reviews

    def _sibling_caseworker(self, case: Case, caseworkers: list[_Caseworker]) -> _Caseworker | None:
        """The caseworker of the household's case planned before this one, if they may take it."""
        if case.household_id is None:
            return None
        user = self._household_caseworkers.get(case.household_id)
        return next((c for c in caseworkers if c.user_id == user and c.covers(case)), None)

    def _note_household(self, case: Case, was_planned: bool) -> None:
        if case.household_id is not None and case.caseworker is not None:
            self._household_caseworkers.setdefault(case.household_id, case.caseworker)
        if was_planned:
            self._visits.add(case.household_id or case.id)


def _least_loaded(case: Case, caseworkers: list[_Caseworker]) -> _Caseworker | None:
    candidates = [c for c in caseworkers if c.covers(case) and c.has_room]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c.load / c.capacity, c.user_id))
