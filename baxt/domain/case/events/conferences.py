"""What a case conference of the interagency team decided on the case."""

from __future__ import annotations

from uuid import UUID

from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState


class CaseConferenceDecisionRecorded(CaseEvent):
    """A case conference that discussed the case decided this (the decision is sealed with
    the child's key, as every text about the child is)."""

    TOPIC = _TOPIC + "CaseConferenceDecisionRecorded"
    gathering_id: UUID
    decision: str

    def apply(self, aggregate: CaseState) -> None:
        pass
