"""The first pass: calls, home visits and the consultation."""

from __future__ import annotations

from datetime import datetime

from baxt.domain.case import rules
from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState
from baxt.domain.quarter import Quarter
from baxt.domain.values import (
    CaseStatus,
    ContactOutcome,
    Need,
    PlanItem,
    Visit,
)
from baxt.domain.work_plan import goals_of_plan


class ContactAttempted(CaseEvent):
    """A call to the family; one that first reached it agreed the visit time. A call after a
    visit follows the case up, keeping its status."""

    TOPIC = _TOPIC + "ContactAttempted"
    outcome: ContactOutcome
    visit_scheduled_at: datetime | None
    note: str

    def apply(self, aggregate: CaseState) -> None:
        follow_up = rules.call_follows_up(aggregate.status)
        aggregate.contact_attempts += 1
        if follow_up:
            aggregate.note_follow_up(self.timestamp)
        if self.outcome is not ContactOutcome.REACHED:
            aggregate.failed_contacts += 1
            return
        if not follow_up:
            aggregate.status = CaseStatus.CONTACTED
        if not follow_up or self.visit_scheduled_at is not None:
            aggregate.visit_scheduled_at = self.visit_scheduled_at


class Visited(CaseEvent):
    """A home visit, which saw the child or did not. A visit after the consultation follows
    the case up, keeping its status."""

    TOPIC = _TOPIC + "Visited"
    visit: Visit

    def apply(self, aggregate: CaseState) -> None:
        visit = self.visit
        aggregate.visits += (visit,)
        if visit.child_seen:
            seen = str(Quarter.containing(visit.visited_at))
            aggregate.seen_quarters = rules.merged(aggregate.seen_quarters, (seen,))
        aggregate.child_seen = aggregate.child_seen or visit.child_seen
        aggregate.unseen_visits += 0 if visit.child_seen else 1
        if rules.visit_follows_up(aggregate.status):
            aggregate.note_follow_up(visit.visited_at)
        else:
            aggregate.status = CaseStatus.VISITED


class Consulted(CaseEvent):
    """The consultation with child and guardian: their needs and the work plan."""

    TOPIC = _TOPIC + "Consulted"
    needs: tuple[Need, ...]
    plan: tuple[PlanItem, ...]
    note: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.needs = tuple(self.needs)
        aggregate.plan = tuple(self.plan)
        aggregate.goals = goals_of_plan(aggregate.id, self.plan)
        aggregate.status = CaseStatus.CONSULTED
