"""Recording on a case what a case conference decided about it.

`Case` inherits this command; the teams application calls it once it has checked that the
conference discussed the case.
"""

from __future__ import annotations

from uuid import UUID

from baxt.domain import validation as check
from baxt.domain.case import events
from baxt.domain.case.state import CaseState


class CaseConferences(CaseState):
    """The decisions of the case conferences on the case, in its history."""

    def record_conference_decision(self, *, gathering_id: UUID, decision: str, actor: str) -> None:
        """Records the conference's decision, in any status but erased."""
        self._require_not_erased()
        self.trigger_event(
            events.CaseConferenceDecisionRecorded,
            gathering_id=gathering_id,
            decision=check.note(decision, ("decision",), required=True),
            actor=actor,
        )
