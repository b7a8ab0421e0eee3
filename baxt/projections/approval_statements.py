"""The statements for `case_summary` of a work plan revision or a transfer waiting for a
supervisor: a request records its kind, who asked and when (its reason and changes stay
sealed in the event store); its decision or withdrawal forgets it. What an approved request
lets take effect (`WorkPlanRevised`, `TransferRequested`) writes its own statements."""

from __future__ import annotations

from baxt.domain.approvals import ApprovalKind
from baxt.domain.case import Case
from baxt.projections.dispatch import EventClass
from baxt.projections.statements import Statement, StatementsOf, event_params, summary_update

NO_APPROVAL = (
    "pending_approval = NULL, approval_requested_by = NULL, approval_requested_at = NULL,"
    " approval_close_reason = NULL"
)
"""What a row holds once nothing waits on it for a supervisor's decision."""

_REQUESTED = summary_update(
    "pending_approval = %(kind)s, approval_requested_by = %(actor)s,"
    " approval_requested_at = %(at)s, approval_close_reason = NULL"
)
_DECIDED = summary_update(NO_APPROVAL)


def _requested(kind: ApprovalKind) -> StatementsOf:
    def statements(event: Case.Event) -> list[Statement]:
        return [(_REQUESTED, event_params(event) | {"kind": kind.value, "actor": event.actor})]

    return statements


def _decided(event: Case.Event) -> list[Statement]:
    return [(_DECIDED, event_params(event))]


APPROVAL_STATEMENTS: dict[EventClass, StatementsOf] = {
    Case.WorkPlanRevisionRequested: _requested(ApprovalKind.WORK_PLAN),
    Case.WorkPlanRevisionApproved: _decided,
    Case.WorkPlanRevisionRejected: _decided,
    Case.WorkPlanRevisionWithdrawn: _decided,
    Case.TransferApprovalRequested: _requested(ApprovalKind.TRANSFER),
    Case.TransferApprovalGranted: _decided,
    Case.TransferApprovalRejected: _decided,
    Case.TransferApprovalWithdrawn: _decided,
}
"""The `case_summary` statements of each event of a request waiting for a supervisor."""
