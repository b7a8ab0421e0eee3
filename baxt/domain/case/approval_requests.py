"""Revising the work plan and transferring the case on request and a supervisor's approval,
and the commands that decide a request of any kind (a closure among them) by its kind.

`Case` inherits these commands. Which actions wait for approval is the application's policy
(`baxt.domain.approvals.ApprovalPolicy`). A case waits for one decision at a time. An approved
request takes effect by the very event that makes it at once: `WorkPlanRevised` for a
revision, checked again against the plan as it is then; `TransferRequested` for a transfer,
which the receiving district then accepts or declines.
"""

from __future__ import annotations

from collections.abc import Sequence

from baxt.domain import validation as check
from baxt.domain.approvals import ApprovalKind, PendingRevision, PendingTransferApproval
from baxt.domain.case.closing import CaseClosing
from baxt.domain.case.events import approvals as ev
from baxt.domain.case.transfers import CaseTransfers
from baxt.domain.case.work_plan import CaseWorkPlan
from baxt.domain.errors import InvalidTransition
from baxt.domain.values import GoalChange, PlanItem


class CaseApprovalRequests(CaseClosing, CaseTransfers, CaseWorkPlan):
    """Requests of a work plan revision and of a transfer, and decisions on any request."""

    def request_work_plan_revision(
        self,
        *,
        reason: str,
        actor: str,
        add: Sequence[PlanItem] = (),
        change: Sequence[GoalChange] = (),
    ) -> None:
        """Asks a supervisor to revise the work plan so; checked as `revise_work_plan` is."""
        self._require_revisable()
        self._require_no_approval_awaited()
        reason, added, changed = self._checked_revision(reason, add, change)
        items = tuple(PlanItem(g.text, g.service_category, g.due_on) for g in added)
        self.trigger_event(
            ev.WorkPlanRevisionRequested,
            reason=reason,
            added=items,
            changed=changed,
            actor=actor,
        )

    def request_transfer_approval(
        self, *, region: str, district: str, mahalla: str, reason: str, actor: str
    ) -> None:
        """Asks the sending district's supervisor to let the case be transferred; checked as
        `request_transfer` is, and the receiving district sees nothing until approved."""
        self._require_no_approval_awaited()
        region, district, mahalla, reason = self._checked_transfer(
            region, district, mahalla, reason
        )
        self.trigger_event(
            ev.TransferApprovalRequested,
            region=region,
            district=district,
            mahalla=mahalla,
            reason=reason,
            actor=actor,
        )

    def approve_request(self, *, kind: ApprovalKind, comment: str, actor: str) -> None:
        """Approves the request of `kind` waiting on the case; it takes effect now."""
        if kind is ApprovalKind.CLOSURE:
            self.approve_closure(comment=comment, actor=actor)
        elif kind is ApprovalKind.WORK_PLAN:
            self._approve_revision(comment, actor)
        else:
            self._approve_transfer(comment, actor)

    def reject_request(self, *, kind: ApprovalKind, comment: str, actor: str) -> None:
        """Rejects the request of `kind` with a comment (required); the case goes on as it was."""
        if kind is ApprovalKind.CLOSURE:
            self.reject_closure(comment=comment, actor=actor)
            return
        comment = check.note(comment, ("comment",), required=True)
        if kind is ApprovalKind.WORK_PLAN:
            revision = self._require_revision()
            self.trigger_event(
                ev.WorkPlanRevisionRejected,
                requested_by=revision.requested_by,
                comment=comment,
                actor=actor,
            )
        else:
            self._decide_transfer(ev.TransferApprovalRejected, comment, actor)

    def withdraw_request(self, *, kind: ApprovalKind, actor: str) -> None:
        """Withdraws the request of `kind` before a supervisor decides."""
        if kind is ApprovalKind.CLOSURE:
            self.withdraw_closure_request(actor=actor)
        elif kind is ApprovalKind.WORK_PLAN:
            revision = self._require_revision()
            self.trigger_event(
                ev.WorkPlanRevisionWithdrawn, requested_by=revision.requested_by, actor=actor
            )
        else:
            transfer = self._require_transfer_approval()
            self.trigger_event(
                ev.TransferApprovalWithdrawn,
                region=transfer.region,
                district=transfer.district,
                mahalla=transfer.mahalla,
                requested_by=transfer.requested_by,
                actor=actor,
            )

    def _approve_revision(self, comment: str, actor: str) -> None:
        revision = self._require_revision()
        self._require_revisable()
        reason, added, changed = revision.reason, revision.added, revision.changed
        self._checked_revision(reason, added, changed)
        self.trigger_event(
            ev.WorkPlanRevisionApproved,
            requested_by=revision.requested_by,
            comment=check.note(comment, ("comment",)),
            actor=actor,
        )
        self._revise(reason, added, changed, actor)

    def _approve_transfer(self, comment: str, actor: str) -> None:
        transfer = self._require_transfer_approval()
        place = self._checked_transfer(
            transfer.region, transfer.district, transfer.mahalla, transfer.reason
        )
        self._decide_transfer(ev.TransferApprovalGranted, check.note(comment, ("comment",)), actor)
        self._record_transfer_requested(*place, actor, requested_by=transfer.requested_by)

    def _decide_transfer(
        self, decision: type[ev.TransferApprovalDecided], comment: str, actor: str
    ) -> None:
        transfer = self._require_transfer_approval()
        self.trigger_event(
            decision,
            region=transfer.region,
            district=transfer.district,
            mahalla=transfer.mahalla,
            requested_by=transfer.requested_by,
            comment=comment,
            actor=actor,
        )

    def _require_revision(self) -> PendingRevision:
        self._require_not_erased()
        if self.pending_revision is None:
            raise InvalidTransition("no revision of this work plan waits for a decision")
        return self.pending_revision

    def _require_transfer_approval(self) -> PendingTransferApproval:
        self._require_not_erased()
        if self.pending_transfer_approval is None:
            raise InvalidTransition("no transfer of this case waits for a supervisor's decision")
        return self.pending_transfer_approval
