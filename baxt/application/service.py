from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

import anyio.to_thread

from baxt.application.access_policy import CaseFacts, CaseView, Operation, require
from baxt.application.audit.as_of import case_as_of
from baxt.application.audit.changes import Change, FieldChange, case_changes
from baxt.application.case_row import CaseRow, case_row_of, masked_row
from baxt.application.cases import (
    CaseApplication,
    CaseGuard,
    HistoryEntry,
    Saved,
    case_not_found,
)
from baxt.application.read_model import CaseReadModel
from baxt.application.read_your_writes import AfterCommit, ReadYourWrites
from baxt.application.transient import command_in_thread
from baxt.domain.case import Case
from baxt.domain.errors import CaseNotFound
from baxt.domain.values import Household
from baxt.identity import Forbidden, Principal

_log = logging.getLogger(__name__)

Command = Callable[[CaseApplication], Saved]
Target = UUID | Household
"""What a command works on: an existing case by its ID, or a child flagged at a household."""


@dataclass(frozen=True)
class Answer:
    """What a command answers: what it saved; the case as saved, as the caller sees it (None
    when it is out of their reach); and what the steps after the commit found."""

    saved: Saved
    row: CaseRow | None
    after: AfterCommit


class CaseService:
    """What the API calls: commands run in a worker thread on the event store, reads go to the
    read model.

    Every method takes the `CaseView` of the caller: a case out of its reach answers exactly
    as a case that does not exist, and the fields it masks come masked.
    """

    def __init__(
        self, app: CaseApplication, read_model: CaseReadModel, *, read_your_writes_timeout: float
    ) -> None:
        self.app = app
        self.read_model = read_model
        self.read_your_writes = ReadYourWrites(read_model, timeout=read_your_writes_timeout)

    async def execute(self, view: CaseView, target: Target, command: Command) -> Answer:
        """Runs the command once the caller may, its case checked on the event store, and
        answers with the case as it saved it, shown as the caller sees it.

        Nothing after the commit raises: the read model's lag and any step that failed are
        in `Answer.after`. A transient database failure is ServiceUnavailable.
        """
        guard = self._guard(view, target)
        saved = await self._run(guard, command)
        after = await self.read_your_writes.after(saved.notification_id)
        return Answer(saved, self._shown(saved.row, view), after)

    async def require_case(self, case_id: UUID, view: CaseView) -> CaseRow:
        """The case as the caller sees it; CaseNotFound when there is none or it is out of reach."""
        require(view.principal, Operation.READ_CASES)
        row = await self.read_model.get(case_id, view)
        if row is None:
            raise CaseNotFound("no such case", ("case_id",))
        return row

    async def history(
        self, case_id: UUID, view: CaseView, *, after: int, limit: int
    ) -> list[HistoryEntry]:
        """The case's events with the masked fields masked; CaseNotFound out of reach."""
        await self.require_case(case_id, view)
        entries = await anyio.to_thread.run_sync(
            lambda: self.app.history(case_id, after=after, limit=limit)
        )
        return [replace(e, data=view.masks.plain(e.data)) for e in entries]

    async def case_as_of(
        self,
        case_id: UUID,
        view: CaseView,
        *,
        at: datetime | None = None,
        version: int | None = None,
    ) -> CaseRow | None:
        """The case replayed from its events as of `at` or `version` (see `case_as_of`), when
        the caller reaches it now; CaseNotFound otherwise."""
        await self.require_case(case_id, view)
        row = await anyio.to_thread.run_sync(
            lambda: case_as_of(self.app, case_id, at=at, version=version)
        )
        return masked_row(row, view.masks) if row is not None else None

    async def case_changes(
        self,
        case_id: UUID,
        view: CaseView,
        *,
        from_: datetime,
        to: datetime,
        after: int,
        limit: int,
    ) -> list[Change]:
        """What each event in (`from_`, `to`] changed (see `case_changes`), values masked."""
        await self.require_case(case_id, view)
        found = await anyio.to_thread.run_sync(
            lambda: case_changes(self.app, case_id, from_, to, after=after, limit=limit)
        )
        return [replace(c, fields=_masked_fields(c.fields, view)) for c in found]

    async def erase_child_data(
        self, principal: Principal, case_id: UUID, *, legal_reason: str
    ) -> Answer:
        """Erases the child's personal data (see `CaseApplication.erase_child_data`): the caller
        needs the right to erase, not a reach into the case, and gets none of its content."""
        require(principal, Operation.ERASE_CHILD_DATA)
        saved = await self._run(
            _anything,
            lambda app: app.erase_child_data(
                case_id, legal_reason=legal_reason, actor=principal.actor
            ),
        )
        after = await self.read_your_writes.after(saved.notification_id)
        return Answer(saved, None, after)

    async def _run(self, guard: CaseGuard, command: Command) -> Saved:
        return await command_in_thread(lambda: self.app.guarded(guard, command))

    def _guard(self, view: CaseView, target: Target) -> CaseGuard:
        """Refuses at once what the caller may not do; checks an existing case on its load."""
        if isinstance(target, Household):
            require(view.principal, Operation.FLAG_CHILDREN)
            place = CaseFacts(target.region, target.district, target.mahalla)
            if not view.scope.covers_place(place):
                view.refuse(Operation.FLAG_CHILDREN, "household out of scope")
                raise Forbidden("you may flag children only in the places you work")
            return _anything
        require(view.principal, Operation.CHANGE_CASES)
        return _in_reach_of(view)

    @staticmethod
    def _shown(row: CaseRow, view: CaseView) -> CaseRow | None:
        if not view.scope.covers(row.facts):
            view.refuse(Operation.READ_CASES, "out of scope")
            return None
        return masked_row(row, view.masks)


def _anything(case: Case) -> None:
    """The guard of a command whose refusal does not depend on the case it changes."""


def _in_reach_of(view: CaseView) -> CaseGuard:
    """Refuses a case out of the view's reach exactly as a case that does not exist."""

    def guard(case: Case) -> None:
        if not view.scope.covers(case_row_of(case).facts):
            view.refuse(Operation.CHANGE_CASES, "out of scope")
            raise case_not_found()

    return guard


def _masked_fields(fields: tuple[FieldChange, ...], view: CaseView) -> tuple[FieldChange, ...]:
    masked = (
        FieldChange(f.field, view.masks.plain(f.before), view.masks.plain(f.after)) for f in fields
    )
    return tuple(f for f in masked if f.before != f.after)
