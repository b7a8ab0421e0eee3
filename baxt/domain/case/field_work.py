"""The first pass over a case and every follow-up: calls, home visits and the consultation.

`Case` inherits these commands; the events they record live in `events`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from baxt.domain import validation as check
from baxt.domain.case import events, rules
from baxt.domain.case.state import CaseState
from baxt.domain.errors import (
    InvalidInput,
    WorkPlanRequired,
)
from baxt.domain.inputs import (
    check_visit_time,
    checked_needs,
    checked_plan_item,
)
from baxt.domain.values import (
    CaseStatus,
    ContactOutcome,
    EscalationLevel,
    Need,
    PlanItem,
    Visit,
)

_CLOCK_SKEW = timedelta(minutes=5)


class CaseFieldWork(CaseState):
    """The calls, visits and consultation of a case."""

    def record_contact_attempt(
        self,
        *,
        outcome: ContactOutcome,
        visit_scheduled_at: datetime | None,
        note: str,
        actor: str,
        now: datetime | None = None,
    ) -> None:
        """Counts a phone call, in any open status. The call that first reaches the family
        agrees the visit time, which lies from 2000 to a year after `now` (to 2100 when no
        `now` is given); a follow-up call (after a visit) may agree one, and
        keeps the status. Only calls before the first contact escalate."""
        self._require(*rules.OPEN)
        check_visit_time(
            outcome, visit_scheduled_at, now, required=not rules.call_follows_up(self.status)
        )
        self.trigger_event(
            events.ContactAttempted,
            outcome=outcome,
            visit_scheduled_at=visit_scheduled_at,
            note=check.note(note, ("note",)),
            actor=actor,
        )
        if self.status is CaseStatus.FLAGGED and rules.escalates(self.failed_contacts):
            self.trigger_event(
                events.Escalated,
                level=EscalationLevel.SUPERVISOR,
                reason=f"{rules.ESCALATE_AFTER} calls did not reach the family",
                actor=actor,
            )

    def record_visit(self, *, visit: Visit, actor: str, now: datetime) -> None:
        """Records a home visit, in any open status; only a visit that saw the child lets the
        case move on to its consultation. A visit after the consultation follows the case up
        and keeps its status."""
        self._require(*rules.OPEN)
        check.aware(visit.visited_at, ("visited_at",))
        if visit.visited_at > now + _CLOCK_SKEW:
            raise InvalidInput("a visit cannot be recorded before it happens", ("visited_at",))
        check.moment_between(visit.visited_at, ("visited_at",), latest=now + _CLOCK_SKEW)
        observations = check.note(visit.observations, ("observations",))
        self.trigger_event(
            events.Visited,
            visit=Visit(
                visited_at=visit.visited_at,
                child_seen=visit.child_seen,
                guardian_present=visit.guardian_present,
                observations=observations,
                safety_concern=visit.safety_concern,
            ),
            actor=actor,
        )
        if not self.child_seen and rules.escalates(self.unseen_visits):
            self.trigger_event(
                events.Escalated,
                level=EscalationLevel.POLICE_ASSISTANCE,
                reason=f"{rules.ESCALATE_AFTER} visits did not see the child",
                actor=actor,
            )

    def record_consultation(
        self, *, needs: Sequence[Need], plan: Sequence[PlanItem], note: str, actor: str
    ) -> None:
        """Records the consultation with child and guardian: needs and the individual work plan,
        of at least one goal (each plan item opens one)."""
        self._require(*rules.CONSULTABLE)
        self._require_child_seen()
        if not plan:
            raise WorkPlanRequired(
                "a consultation needs a work plan with at least one goal", ("plan",)
            )
        self.trigger_event(
            events.Consulted,
            needs=checked_needs(needs),
            plan=tuple(checked_plan_item(item, i) for i, item in enumerate(plan)),
            note=check.note(note, ("note",)),
            actor=actor,
        )
