"""Saving a case, and what a save that met a lost database connection saved after all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError

from baxt.application.cases.rows import CaseSummary, case_summary_of
from baxt.application.transient import TRANSIENT_ERRORS, nothing_saved, outcome_unknown
from baxt.domain.case import Case
from baxt.domain.errors import Conflict


@dataclass(frozen=True)
class Saved:
    """What a command wrote: the case, its version, the notification ID of its last event
    (0 when it wrote nothing, or when that position could not be read back), the case as
    saved in the shape of its `case_summary` row, and the events it recorded."""

    case_id: UUID
    version: int
    notification_id: int
    row: CaseSummary
    events: tuple[Case.Event, ...] = ()


class SavingCases(Application[UUID]):
    """Saves cases, and settles a save the database failed on: a commit that happened answers
    as saved (never as a conflict with itself), one that did not is ServiceUnavailable
    (retryable), and one that cannot be told is ServiceUnavailable (not retryable)."""

    def _save(self, case: Case) -> Saved:
        pending = tuple(cast(Sequence[Case.Event], case.pending_events))
        try:
            recordings = self.save(case)
        except IntegrityError:
            if self._stored_already(case.id, pending):
                return self._saved_earlier(case, pending)
            raise Conflict(
                "another change to this case was saved first; read it and retry"
            ) from None
        except TRANSIENT_ERRORS:
            return self._settled(case, pending)
        if not recordings:  # nothing changed: the read model already shows it
            return Saved(case.id, case.version, 0, case_summary_of(case))
        notification_id = recordings[-1].notification.id
        return Saved(case.id, case.version, notification_id, case_summary_of(case), pending)

    def _save_both(self, first: Case, second: Case) -> tuple[Saved, Saved]:
        """Saves two cases in one transaction: both or neither. A case changed meanwhile is
        CONFLICT; a transient failure is ServiceUnavailable (not retryable: the commit may
        have happened; read the cases again)."""
        pending = [tuple(cast(Sequence[Case.Event], c.pending_events)) for c in (first, second)]
        try:
            recordings = self.save(first, second)
        except IntegrityError:
            raise Conflict(
                "another change to one of these cases was saved first; read them and retry"
            ) from None
        except TRANSIENT_ERRORS:
            raise outcome_unknown() from None
        position = recordings[-1].notification.id if recordings else 0
        return (
            Saved(first.id, first.version, position, case_summary_of(first), pending[0]),
            Saved(second.id, second.version, position, case_summary_of(second), pending[1]),
        )

    def _settled(self, case: Case, pending: tuple[Case.Event, ...]) -> Saved:
        """The save that failed on the database, once the store says whether it committed."""
        try:
            stored = self._stored_already(case.id, pending)
        except TRANSIENT_ERRORS:
            raise outcome_unknown() from None
        if not stored:
            raise nothing_saved()
        return self._saved_earlier(case, pending)

    def _stored_already(self, case_id: UUID, pending: tuple[Case.Event, ...]) -> bool:
        """Whether the store holds these very events: an insert the driver retried after a
        lost connection, whose first attempt had committed."""
        if not pending:
            return False
        first, last = pending[0].originator_version, pending[-1].originator_version
        stored = self.events.get(case_id, gt=first - 1 or None, lte=last)
        return [_identity(e) for e in stored] == [_identity(e) for e in pending]

    def _saved_earlier(self, case: Case, pending: tuple[Case.Event, ...]) -> Saved:
        try:
            position = self.recorder.max_notification_id() or 0
        except TRANSIENT_ERRORS:
            position = 0
        return Saved(case.id, case.version, position, case_summary_of(case), pending)


def _identity(event: Any) -> tuple[object, ...]:
    """What tells one recorded event from any other of the same case and version."""
    return (type(event).__name__, event.originator_version, event.timestamp, event.actor)
