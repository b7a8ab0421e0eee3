"""A report of concern joined to the case, once the child it was about was identified."""

from __future__ import annotations

from uuid import UUID

from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState


class ConcernReportLinked(CaseEvent):
    """A report of concern about this child was linked to the case (by its reference)."""

    TOPIC = _TOPIC + "ConcernReportLinked"
    report_id: UUID
    reference: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.concern_reports = (*aggregate.concern_reports, self.report_id)
