"""Two cases found to be one child's: merged, or marked as not duplicates."""

from __future__ import annotations

from uuid import UUID

from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState


class MergedInto(CaseEvent):
    """The case was found to be a duplicate of the kept case and merged into it; the `Closed`
    (as DUPLICATE) recorded with it closes it. Its history stays its own."""

    TOPIC = _TOPIC + "MergedInto"
    kept_case_id: UUID
    note: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.merged_into = self.kept_case_id


class CaseMerged(CaseEvent):
    """A duplicate case was merged into this one, which it now links to."""

    TOPIC = _TOPIC + "CaseMerged"
    merged_case_id: UUID
    note: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.merged_cases = (*aggregate.merged_cases, self.merged_case_id)


class NotDuplicateMarked(CaseEvent):
    """A caseworker or supervisor found that this case and the other are not one child's;
    the pair is no longer proposed. Recorded on both cases."""

    TOPIC = _TOPIC + "NotDuplicateMarked"
    other_case_id: UUID
    note: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.not_duplicates = (*aggregate.not_duplicates, self.other_case_id)
