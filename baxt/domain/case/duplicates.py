"""Two cases of one child: merging the duplicate into the kept case, or marking the pair as
not duplicates.

`Case` inherits these commands; the application runs each on both cases and saves both in
one transaction, so neither side is ever recorded without the other.
"""

from __future__ import annotations

from uuid import UUID

from baxt.domain import validation as check
from baxt.domain.case import events, rules
from baxt.domain.case.closing import CaseClosing
from baxt.domain.errors import AlreadyMerged, SameCase
from baxt.domain.values import CloseReason


class CaseDuplicates(CaseClosing):
    """How a duplicate case is merged into the kept one, and how a pair is told apart."""

    def merge_into(self, kept_case_id: UUID, *, note: str, actor: str) -> None:
        """Closes this open case as DUPLICATE, linked to the kept case; its history stays.

        Refused for the case itself, for a case merged already, and while a request on
        this case waits for a supervisor (it is decided first)."""
        self._require_other(kept_case_id)
        self._require(*rules.OPEN)
        self._require_nothing_pending()
        note = check.note(note, ("reason",))
        self.trigger_event(events.MergedInto, kept_case_id=kept_case_id, note=note, actor=actor)
        self._record_closed(CloseReason.DUPLICATE, note, actor)

    def keep_merged(self, merged_case_id: UUID, *, note: str, actor: str) -> None:
        """Records on the kept case that the duplicate was merged into it."""
        self._require_other(merged_case_id)
        self._require_not_erased()
        note = check.note(note, ("reason",))
        self.trigger_event(events.CaseMerged, merged_case_id=merged_case_id, note=note, actor=actor)

    def mark_not_duplicate(self, other_case_id: UUID, *, note: str, actor: str) -> bool:
        """Records that this case and the other are not one child's; False when it is
        recorded already."""
        self._require_other(other_case_id)
        self._require_not_erased()
        if other_case_id in self.not_duplicates:
            return False
        note = check.note(note, ("note",))
        self.trigger_event(
            events.NotDuplicateMarked, other_case_id=other_case_id, note=note, actor=actor
        )
        return True

    def _require_other(self, other_case_id: UUID) -> None:
        if other_case_id == self.id:
            raise SameCase("a case cannot be a duplicate of itself", ("other_case_id",))
        self._require_not_erased()
        self._require_not_merged()

    def _require_not_merged(self) -> None:
        if self.merged_into is not None:
            raise AlreadyMerged(
                f"this case was merged into {self.merged_into} already", ("case_id",)
            )
