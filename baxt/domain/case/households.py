"""Linking a case to its family's household record.

`Case` inherits this command; the household application calls it once it has checked that
the household exists.
"""

from __future__ import annotations

from uuid import UUID

from baxt.domain.case import events
from baxt.domain.case.state import CaseState


class CaseHouseholds(CaseState):
    """The household record the case belongs to."""

    def link_to_household(self, *, household_id: UUID, actor: str) -> bool:
        """Links the case to the household record; False when it is linked to it already."""
        self._require_not_erased()
        if self.household_id == household_id:
            return False
        self.trigger_event(events.LinkedToHousehold, household_id=household_id, actor=actor)
        return True
