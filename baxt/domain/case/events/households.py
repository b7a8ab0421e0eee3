"""A case linked to the household record of the child's family."""

from __future__ import annotations

from uuid import UUID

from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState


class LinkedToHousehold(CaseEvent):
    """The case was linked to its family's household record, where its siblings' cases are."""

    TOPIC = _TOPIC + "LinkedToHousehold"
    household_id: UUID

    def apply(self, aggregate: CaseState) -> None:
        aggregate.household_id = self.household_id
