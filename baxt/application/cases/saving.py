"""Saving a case, together with the cases of concurrent commands, and what a save that met a
lost database connection saved after all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import EnvType

from baxt.application.cases.rows import CaseSummary, case_summary_of
from baxt.application.group_commit import GroupCommit, Outcome
from baxt.application.transient import (
    TRANSIENT_ERRORS,
    ServiceUnavailable,
    nothing_saved,
    outcome_unknown,
)
from baxt.domain.case import Case
from baxt.domain.errors import Conflict

GROUP_MOST = 200
"""The most cases one group commit saves in its one transaction."""


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


@dataclass(frozen=True)
class _Changed:
    """A case a command changed, and the events it recorded, still to be saved."""

    case: Case
    pending: tuple[Case.Event, ...]


class SavingCases(Application[UUID]):
    """Saves cases, the cases of concurrent commands together (see `GroupCommit`), and settles
    a save the database failed on: a commit that happened answers as saved (never as a
    conflict with itself), one that did not is ServiceUnavailable (retryable), and one that
    cannot be told is ServiceUnavailable (not retryable).

    A group whose one transaction fails on a conflict (or on any refusal but a lost
    connection) is saved again case by case, so only the case at fault fails, and its caller
    alone hears of it; one that fails on a lost connection is settled for each case.
    """

    def __init__(self, env: EnvType | None = None, *, group_most: int | None = GROUP_MOST) -> None:
        """`group_most`: the most cases a group commit saves in one transaction; None saves
        each command's case in a transaction of its own, at once."""
        super().__init__(env)
        self.group_commit: GroupCommit[_Changed, Saved] | None = (
            None if group_most is None else GroupCommit(self._save_together, most=group_most)
        )

    def _save(self, case: Case) -> Saved:
        pending = tuple(cast(Sequence[Case.Event], case.pending_events))
        if not pending:  # nothing changed: the read model already shows it
            return Saved(case.id, case.version, 0, case_summary_of(case))
        if self.group_commit is None:
            return self._save_alone(_Changed(case, pending))
        return self.group_commit.save(_Changed(case, pending))

    def _save_together(self, group: Sequence[_Changed]) -> list[Outcome[Saved]]:
        if len(group) == 1:
            return [_outcome_of(lambda: self._save_alone(group[0]))]
        try:
            recordings = self.save(*(changed.case for changed in group))
        except TRANSIENT_ERRORS:
            return self._settled_together(group)
        except Exception:  # a conflict or another refusal: each case tries on its own
            return [_outcome_of(partial(self._save_alone, changed)) for changed in group]
        positions = {r.domain_event.originator_id: r.notification.id for r in recordings}
        return [_returning(_saved(c, positions[c.case.id])) for c in group]

    def _save_alone(self, changed: _Changed) -> Saved:
        case, pending = changed.case, changed.pending
        try:
            recordings = self.save(*pending)
        except IntegrityError:
            if self._stored_already(case.id, pending):
                return self._saved_earlier(case, pending)
            raise Conflict(
                "another change to this case was saved first; read it and retry"
            ) from None
        except TRANSIENT_ERRORS:
            return self._settled(case, pending)
        return _saved(changed, recordings[-1].notification.id)

    def _settled_together(self, group: Sequence[_Changed]) -> list[Outcome[Saved]]:
        """A group's one transaction either committed or did not: the first case tells which,
        or that it cannot be told; each other case is then settled on its own."""
        first = _outcome_of(lambda: self._settled(group[0].case, group[0].pending))
        try:
            first()
        except ServiceUnavailable as unavailable:
            return [_unavailable(unavailable) for _ in group]
        rest = (_outcome_of(partial(self._settled, c.case, c.pending)) for c in group[1:])
        return [first, *rest]

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


def _saved(changed: _Changed, notification_id: int) -> Saved:
    case = changed.case
    return Saved(case.id, case.version, notification_id, case_summary_of(case), changed.pending)


def _outcome_of(save: Callable[[], Saved]) -> Outcome[Saved]:
    """Runs `save` now, in the thread whose turn it is, and keeps what it came to for its
    caller: the same `Saved`, or the same error raised in the caller's thread."""
    try:
        saved = save()
    except Exception as error:
        return _raising(error)
    return _returning(saved)


def _returning(saved: Saved) -> Outcome[Saved]:
    return lambda: saved


def _raising(error: Exception) -> Outcome[Saved]:
    def outcome() -> Saved:
        raise error

    return outcome


def _unavailable(error: ServiceUnavailable) -> Outcome[Saved]:
    """The same answer for each caller of a group, each with an error of its own."""
    return _raising(ServiceUnavailable(error.message, retryable=error.retryable))


def _identity(event: Any) -> tuple[object, ...]:
    """What tells one recorded event from any other of the same case and version."""
    return (type(event).__name__, event.originator_version, event.timestamp, event.actor)
