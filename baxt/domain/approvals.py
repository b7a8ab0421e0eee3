"""Approvals: which of a caseworker's actions wait for a supervisor, and what waits.

Closing a case is the first such action; a work plan or a transfer joins the same policy
and the same kinds of pending approval later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from baxt.domain.values import CloseReason


class ApprovalKind(Enum):
    """What a pending approval would let take effect."""

    CLOSURE = "CLOSURE"


DEFAULT_CLOSURE_REASONS = frozenset(
    {CloseReason.NO_NEEDS_FOUND, CloseReason.UNREACHABLE, CloseReason.OTHER}
)
"""The closures a caseworker may not make alone by default: those that end the work on a
child on the caseworker's own judgement (no needs, a family never reached, no stated reason).
The others rest on facts shown elsewhere: a referral, a move, an age, a duplicate."""

NEVER_REQUESTED = frozenset({CloseReason.DATA_ERASED})


@dataclass(frozen=True)
class ApprovalPolicy:
    """Which actions of a caseworker take effect only once a supervisor approves them."""

    closure_reasons: frozenset[CloseReason] = field(default=DEFAULT_CLOSURE_REASONS)

    @classmethod
    def of_names(cls, names: Iterable[str]) -> ApprovalPolicy:
        """The policy naming these close reasons; ValueError for a name that is none."""
        reasons = frozenset(CloseReason(name.strip()) for name in names if name.strip())
        if reasons & NEVER_REQUESTED:
            raise ValueError("DATA_ERASED closes a case only by erasure, never on approval")
        return cls(closure_reasons=reasons)

    def closure_needs_approval(self, reason: CloseReason) -> bool:
        """Whether a caseworker's closure for `reason` waits for a supervisor."""
        return reason in self.closure_reasons


@dataclass(frozen=True)
class PendingClosure:
    """A closure a caseworker asked for, waiting for a supervisor's decision."""

    reason: CloseReason
    note: str
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
