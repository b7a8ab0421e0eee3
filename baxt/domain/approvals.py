"""Approvals: which of a caseworker's actions wait for a supervisor, and what waits.

Closing a case (for some reasons), revising its work plan and asking to transfer it are such
actions. A case waits for one supervisor's decision at a time, of whichever kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from baxt.domain.values import CloseReason, GoalChange, PlanItem


class ApprovalKind(Enum):
    """What a pending approval would let take effect."""

    CLOSURE = "CLOSURE"
    WORK_PLAN = "WORK_PLAN"
    TRANSFER = "TRANSFER"


DEFAULT_CLOSURE_REASONS = frozenset(
    {CloseReason.NO_NEEDS_FOUND, CloseReason.UNREACHABLE, CloseReason.OTHER}
)
"""The closures a caseworker may not make alone by default: those that end the work on a
child on the caseworker's own judgement (no needs, a family never reached, no stated reason).
The others rest on facts shown elsewhere: a referral, a move, an age, a duplicate."""

NEVER_REQUESTED = frozenset({CloseReason.DATA_ERASED})

DEFAULT_WORK_PLAN_APPROVAL = False
"""Whether a caseworker's revision of a work plan waits for a supervisor, by default: no. A
deployment whose plans are signed off by the supervisor turns it on; off, a revision takes
effect at once, as every client written before approvals expects."""

DEFAULT_TRANSFER_APPROVAL = False
"""Whether a caseworker's transfer waits for the sending district's supervisor first, by
default: no; the receiving district's supervisor accepts every transfer anyway."""


@dataclass(frozen=True)
class ApprovalPolicy:
    """Which actions of a caseworker take effect only once a supervisor approves them."""

    closure_reasons: frozenset[CloseReason] = field(default=DEFAULT_CLOSURE_REASONS)
    work_plan: bool = DEFAULT_WORK_PLAN_APPROVAL
    transfer: bool = DEFAULT_TRANSFER_APPROVAL

    @classmethod
    def of_names(
        cls,
        names: Iterable[str],
        *,
        work_plan: bool = DEFAULT_WORK_PLAN_APPROVAL,
        transfer: bool = DEFAULT_TRANSFER_APPROVAL,
    ) -> ApprovalPolicy:
        """The policy naming these close reasons; ValueError for a name that is none."""
        reasons = frozenset(CloseReason(name.strip()) for name in names if name.strip())
        if reasons & NEVER_REQUESTED:
            raise ValueError("DATA_ERASED closes a case only by erasure, never on approval")
        return cls(closure_reasons=reasons, work_plan=work_plan, transfer=transfer)

    def closure_needs_approval(self, reason: CloseReason) -> bool:
        """Whether a caseworker's closure for `reason` waits for a supervisor."""
        return reason in self.closure_reasons

    def needs_approval(self, kind: ApprovalKind) -> bool:
        """Whether a caseworker's work plan revision (WORK_PLAN) or transfer (TRANSFER) waits
        for a supervisor; whether a closure does depends on its reason (see above)."""
        return {ApprovalKind.WORK_PLAN: self.work_plan, ApprovalKind.TRANSFER: self.transfer}.get(
            kind, False
        )


@dataclass(frozen=True)
class PendingClosure:
    """A closure a caseworker asked for, waiting for a supervisor's decision."""

    reason: CloseReason
    note: str
    requested_by: str
    requested_at: datetime


@dataclass(frozen=True)
class PendingRevision:
    """A revision of the work plan a caseworker asked for (checked as a revision is), waiting
    for a supervisor's decision; its goals get their IDs when it takes effect."""

    reason: str
    added: tuple[PlanItem, ...]
    changed: tuple[GoalChange, ...]
    requested_by: str
    requested_at: datetime


@dataclass(frozen=True)
class PendingTransferApproval:
    """A transfer a caseworker asked for, waiting for the sending district's supervisor
    before the receiving district sees it."""

    region: str
    district: str
    mahalla: str
    reason: str
    requested_by: str
    requested_at: datetime


@dataclass(frozen=True)
class PendingApproval:
    """What waits for a supervisor on a case, as the read models show it (no free text)."""

    kind: ApprovalKind
    requested_by: str
    requested_at: datetime
    close_reason: CloseReason | None = None

    @classmethod
    def of_closure(cls, pending: PendingClosure) -> PendingApproval:
        return cls(ApprovalKind.CLOSURE, pending.requested_by, pending.requested_at, pending.reason)

    @classmethod
    def of_request(
        cls, kind: ApprovalKind, pending: PendingRevision | PendingTransferApproval
    ) -> PendingApproval:
        return cls(kind, pending.requested_by, pending.requested_at)


@dataclass(frozen=True)
class WaitingTransfer:
    """A transfer waiting for the receiving district, as the read models show it (no reason)."""

    region: str
    district: str
    mahalla: str
    requested_by: str
    requested_at: datetime


@dataclass(frozen=True)
class PendingTransfer:
    """A move of the case to another district or region, waiting for the receiving
    district's supervisor; the case stays with the sending side until then."""

    region: str
    district: str
    mahalla: str
    reason: str
    requested_by: str
    requested_at: datetime

    def waiting(self) -> WaitingTransfer:
        """What the read models show of it: the target place, who asked and when."""
        return WaitingTransfer(
            self.region, self.district, self.mahalla, self.requested_by, self.requested_at
        )
