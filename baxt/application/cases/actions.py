"""The commands this caller may issue on a case now: what the case's state allows, kept to
what the caller's role may do. The caller reached the case already, or would not see it."""

from __future__ import annotations

from collections.abc import Mapping

from baxt.application.access.principal import Principal
from baxt.application.access.rules import Operation, allows
from baxt.application.cases.rows import CaseSummary
from baxt.domain.approvals import ApprovalKind
from baxt.domain.case.actions import CaseAction, allowed_actions
from baxt.domain.referrals import cancellable_referrals
from baxt.domain.values import CloseReason

_CHANGE = frozenset({Operation.CHANGE_CASES})
_DECIDE = frozenset({Operation.APPROVE_CASES, Operation.CHANGE_CASES})

NEEDS: Mapping[CaseAction, frozenset[Operation]] = {
    **{action: _CHANGE for action in CaseAction},
    CaseAction.ASSIGN_CASE: frozenset({Operation.ASSIGN_CASES, Operation.CHANGE_CASES}),
    CaseAction.APPROVE_CLOSURE: _DECIDE,
    CaseAction.REJECT_CLOSURE: _DECIDE,
    CaseAction.APPROVE_REQUEST: _DECIDE,
    CaseAction.REJECT_REQUEST: _DECIDE,
}
"""The operations each command's mutation needs, as its `permission_classes` say."""


def actions_for(principal: Principal, row: CaseSummary) -> list[CaseAction]:
    """The commands `principal` may issue on the case `row` shows, as it stands."""
    awaited = row.pending_approval.kind if row.pending_approval is not None else None
    possible = allowed_actions(
        row.status,
        child_seen=row.child_seen,
        closure_pending=awaited is ApprovalKind.CLOSURE,
        awaited=awaited,
        erased=row.close_reason is CloseReason.DATA_ERASED,
        transfer_pending=row.pending_transfer is not None,
        referral_cancellable=bool(cancellable_referrals(row.referrals)),
    )
    return [a for a in possible if all(allows(principal, op) for op in NEEDS[a])]
