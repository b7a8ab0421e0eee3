"""Closing a case: at once, or on request and a supervisor's approval.

`Case` inherits these commands. Which closures wait for approval is the application's policy
(`baxt.domain.approvals.ApprovalPolicy`); the case only keeps the request and its decision.
Whatever the way, `Closed` is the one event that closes a case.
"""

from __future__ import annotations

from baxt.domain import validation as check
from baxt.domain.approvals import PendingClosure
from baxt.domain.case import events, rules
from baxt.domain.case.state import CaseState
from baxt.domain.errors import InvalidInput, InvalidTransition, ReferralRequired
from baxt.domain.values import CaseStatus, CloseReason


class CaseClosing(CaseState):
    """How a case is closed, and how a requested closure is approved or rejected."""

    def close(self, *, reason: CloseReason, note: str, actor: str) -> None:
        """Closes an open case; 'services linked' needs a referral, 'no needs' a child seen.

        Refused while a requested closure waits for a supervisor: it is approved or rejected.
        """
        self._require_closable(reason)
        self._require_nothing_pending()
        self._record_closed(reason, note, actor)

    def request_closure(self, *, reason: CloseReason, note: str, actor: str) -> None:
        """Asks a supervisor to close the case for `reason`; checked as `close` is, and the
        case stays open until the decision. Refused while another request waits."""
        self._require_closable(reason)
        self._require_nothing_pending()
        self.trigger_event(
            events.ClosureRequested,
            reason=reason,
            note=check.note(note, ("note",)),
            actor=actor,
        )

    def approve_closure(self, *, comment: str, actor: str) -> None:
        """Approves the requested closure: records the decision, then the `Closed` it lets
        take effect, checked again against the case as it is now."""
        pending = self._require_pending()
        self._require_closable(pending.reason)
        comment = check.note(comment, ("comment",))
        self.trigger_event(
            events.ClosureApproved,
            reason=pending.reason,
            requested_by=pending.requested_by,
            comment=comment,
            actor=actor,
        )
        self._record_closed(pending.reason, pending.note, actor)

    def reject_closure(self, *, comment: str, actor: str) -> None:
        """Rejects the requested closure with a comment for the caseworker; the case goes on
        as it was before the request."""
        pending = self._require_pending()
        self.trigger_event(
            events.ClosureRejected,
            reason=pending.reason,
            requested_by=pending.requested_by,
            comment=check.note(comment, ("comment",), required=True),
            actor=actor,
        )

    def withdraw_closure_request(self, *, actor: str) -> None:
        """Withdraws the requested closure before a supervisor decides; the case goes on as
        it was before the request."""
        pending = self._require_pending()
        self.trigger_event(
            events.ClosureWithdrawn,
            reason=pending.reason,
            requested_by=pending.requested_by,
            actor=actor,
        )

    def _record_closed(self, reason: CloseReason, note: str, actor: str) -> None:
        self.trigger_event(
            events.Closed, reason=reason, note=check.note(note, ("note",)), actor=actor
        )

    def _require_closable(self, reason: CloseReason) -> None:
        self._require(*rules.OPEN)
        if reason is CloseReason.DATA_ERASED:
            raise InvalidInput("only erasing the child's data closes a case so", ("reason",))
        if reason is CloseReason.SERVICES_LINKED and self.status is not CaseStatus.REFERRED:
            raise ReferralRequired(
                "a case closed as SERVICES_LINKED needs at least one referral", ("reason",)
            )
        if reason is CloseReason.NO_NEEDS_FOUND:
            self._require_child_seen()

    def _require_nothing_pending(self) -> None:
        if self.pending_closure is not None:
            raise InvalidTransition(
                "a closure of this case waits for a supervisor's decision; it is approved"
                " or rejected first"
            )
        self._require_no_approval_awaited()

    def _require_pending(self) -> PendingClosure:
        self._require(*rules.OPEN)
        if self.pending_closure is None:
            raise InvalidTransition("no closure of this case waits for a decision")
        return self.pending_closure
