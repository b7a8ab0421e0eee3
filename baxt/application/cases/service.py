from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

import anyio.to_thread

from baxt.application.access.principal import Forbidden, Principal
from baxt.application.access.rules import Operation, allows, require
from baxt.application.access.scope import CaseFacts
from baxt.application.access.view import CaseView
from baxt.application.audit.as_of import case_summary_as_of
from baxt.application.audit.changes import Change, FieldChange, case_changes, change_count
from baxt.application.cases.application import (
    CaseApplication,
    CaseCommand,
    CaseGuard,
    case_not_found,
)
from baxt.application.cases.read_model import CaseReadModel
from baxt.application.cases.read_your_writes import AfterCommit, ReadYourWrites
from baxt.application.cases.rows import CaseSummary, case_row_of, masked_row
from baxt.application.cases.saving import Saved
from baxt.application.transient import command_in_thread
from baxt.domain.approvals import ApprovalKind, ApprovalPolicy
from baxt.domain.case import Case
from baxt.domain.errors import CaseNotFound
from baxt.domain.values import NO_TAGS, Child, CloseReason, FlagSource, FlagTags, Household

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Committed:
    """What a command saved, and what the steps after its commit found."""

    saved: Saved
    after: AfterCommit


@dataclass(frozen=True)
class Answer:
    """What a command answers: what it saved; the case as saved, as the caller sees it (None
    when it is out of their reach); and what the steps after the commit found."""

    saved: Saved
    row: CaseSummary | None
    after: AfterCommit


class CaseService:
    """What the API calls: commands run in a worker thread on the event store, reads go to the
    read model.

    Every method takes the `CaseView` of the caller: a case out of its reach answers exactly
    as a case that does not exist, and the fields it masks come masked. Whether the caller's
    role may do a command at all is declared on the API's resolvers (`Needs`) and checked
    there, once; what this service checks is what only the event store can tell: the reach.
    """

    def __init__(
        self,
        app: CaseApplication,
        read_model: CaseReadModel,
        *,
        read_your_writes_timeout: float,
        approvals: ApprovalPolicy | None = None,
    ) -> None:
        self.app = app
        self.read_model = read_model
        self.approvals = approvals or ApprovalPolicy()
        self.read_your_writes = ReadYourWrites(read_model, timeout=read_your_writes_timeout)

    def now(self) -> datetime:
        """The time by the cases' clock, for commands that need `now`."""
        return self.app.now()

    def closure_waits_for_approval(self, principal: Principal, reason: CloseReason) -> bool:
        """Whether this caller's closure for `reason` is only a request: the policy names the
        reason, and the caller may not approve closures themself (a supervisor closes at once)."""
        may_approve = allows(principal, Operation.APPROVE_CASES)
        return not may_approve and self.approvals.closure_needs_approval(reason)

    def waits_for_approval(self, principal: Principal, kind: ApprovalKind) -> bool:
        """Whether this caller's work plan revision or transfer (`kind`) is only a request:
        the policy says so, and the caller may not approve it themself (a supervisor's takes
        effect at once)."""
        may_approve = allows(principal, Operation.APPROVE_CASES)
        return not may_approve and self.approvals.needs_approval(kind)

    async def change(
        self,
        view: CaseView,
        case_id: UUID,
        command: CaseCommand,
        expected_version: int | None = None,
        *,
        name: str = "change_case",
    ) -> Answer:
        """Runs `command` (called `name` in its trace) on the case as loaded from the event
        store, once that case is in the caller's reach (out of reach it is CaseNotFound, as a
        case that does not exist), and answers with the case as it saved it, shown as the
        caller sees it.

        A case not at `expected_version` is CONFLICT. Nothing after the commit raises: the read
        model's lag and any step that failed are in `Answer.after`. A transient database
        failure is ServiceUnavailable.
        """
        committed = await self.commit(
            case_id,
            command,
            expected_version=expected_version,
            guard=in_reach_of(view),
            name=name,
        )
        return self._answer(committed, view)

    async def decide_transfer(
        self,
        view: CaseView,
        case_id: UUID,
        command: CaseCommand,
        expected_version: int | None = None,
        *,
        name: str = "decide_transfer",
    ) -> Answer:
        """Runs a receiving side's `command` (accepting or declining a transfer) as `change`
        does, but in reach of the place the waiting transfer goes to, not of the case's own:
        until it is accepted, the case lies out of the receiving supervisor's reach."""
        committed = await self.commit(
            case_id,
            command,
            expected_version=expected_version,
            guard=_receiving_in_reach_of(view),
            name=name,
        )
        return self._answer(committed, view)

    async def flag(
        self,
        view: CaseView,
        *,
        child: Child,
        household: Household,
        source: FlagSource,
        indicators: Sequence[str],
        note: str,
        tags: FlagTags = NO_TAGS,
    ) -> Answer:
        """Flags a child at a household in the caller's places (see `CaseApplication.flag_child`);
        FORBIDDEN for a household elsewhere. Answers as `change` does."""
        place = CaseFacts(household.region, household.district, household.mahalla)
        if not view.scope.covers_place(place):
            view.refuse(Operation.FLAG_CHILDREN, "household out of scope")
            raise Forbidden("you may flag children only in the places you work")
        saved = await command_in_thread(
            lambda: self.app.flag_child(
                child=child,
                household=household,
                source=source,
                indicators=indicators,
                note=note,
                actor=view.principal.actor,
                tags=tags,
            )
        )
        return self._answer(await self._after(saved), view)

    async def commit(
        self,
        case_id: UUID,
        command: CaseCommand,
        *,
        expected_version: int | None = None,
        guard: CaseGuard | None = None,
        name: str = "change_case",
    ) -> Committed:
        """The one command path below `change`: runs `command` in a worker thread on the case
        loaded from the event store, `guard` checking that load first, and waits (within its
        bound) for the read model to show the write. For callers whose reach is not a case
        view's, such as a partner acting on its referral."""
        saved = await command_in_thread(
            lambda: self.app.change_case(
                case_id, command, expected_version=expected_version, guard=guard, name=name
            )
        )
        return await self._after(saved)

    async def require_case(self, case_id: UUID, view: CaseView) -> CaseSummary:
        """The case as the caller sees it; CaseNotFound when there is none or it is out of reach."""
        require(view.principal, Operation.READ_CASES)
        row = await self.read_model.get(case_id, view)
        if row is None:
            raise CaseNotFound("no such case", ("case_id",))
        return row

    async def case_as_of(
        self,
        case_id: UUID,
        view: CaseView,
        *,
        at: datetime | None = None,
        version: int | None = None,
    ) -> CaseSummary | None:
        """The case replayed from its events as of `at` or `version` (see `case_as_of`), when
        the caller reaches it now; CaseNotFound otherwise."""
        await self.require_case(case_id, view)
        row = await anyio.to_thread.run_sync(
            lambda: case_summary_as_of(self.app, case_id, at=at, version=version)
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

    async def case_change_count(
        self, case_id: UUID, view: CaseView, *, from_: datetime, to: datetime
    ) -> int:
        """How many changes `case_changes` lists over every page."""
        await self.require_case(case_id, view)
        return await anyio.to_thread.run_sync(lambda: change_count(self.app, case_id, from_, to))

    async def erase_child_data(
        self, principal: Principal, case_id: UUID, *, legal_reason: str
    ) -> Answer:
        """Erases the child's personal data (see `CaseApplication.erase_child_data`): the caller
        needs the right to erase, not a reach into the case, and gets none of its content."""
        saved = await command_in_thread(
            lambda: self.app.erase_child_data(
                case_id, legal_reason=legal_reason, actor=principal.actor
            )
        )
        committed = await self._after(saved)
        return Answer(saved, None, committed.after)

    async def answer(self, saved: Saved, view: CaseView) -> Answer:
        """What a command that saved `saved` answers the caller, as `change` does."""
        return self._answer(await self._after(saved), view)

    async def _after(self, saved: Saved) -> Committed:
        return Committed(saved, await self.read_your_writes.after(saved.notification_id))

    @staticmethod
    def _answer(committed: Committed, view: CaseView) -> Answer:
        row = committed.saved.row
        if not view.scope.covers(row.facts):
            view.refuse(Operation.READ_CASES, "out of scope")
            return Answer(committed.saved, None, committed.after)
        return Answer(committed.saved, masked_row(row, view.masks), committed.after)


def in_reach_of(view: CaseView) -> CaseGuard:
    """Refuses a case out of the view's reach exactly as a case that does not exist."""

    def guard(case: Case) -> None:
        if not view.scope.covers(case_row_of(case).facts):
            view.refuse(Operation.CHANGE_CASES, "out of scope")
            raise case_not_found()

    return guard


def _receiving_in_reach_of(view: CaseView) -> CaseGuard:
    """Refuses a case whose waiting transfer goes out of the view's reach exactly as a case
    that does not exist; a case with none waiting must be in reach as for any command."""
    in_reach = in_reach_of(view)

    def guard(case: Case) -> None:
        pending = case.pending_transfer
        if pending is None:
            in_reach(case)
            return
        if not view.scope.covers(CaseFacts(pending.region, pending.district, pending.mahalla)):
            view.refuse(Operation.CHANGE_CASES, "transfer target out of scope")
            raise case_not_found()

    return guard


def _masked_fields(fields: tuple[FieldChange, ...], view: CaseView) -> tuple[FieldChange, ...]:
    masked = (
        FieldChange(f.field, view.masks.plain(f.before), view.masks.plain(f.after)) for f in fields
    )
    return tuple(f for f in masked if f.before != f.after)
