"""Which commands a case takes now: one table of the statuses each command is allowed in,
shared with the commands themselves, so the list a frontend shows cannot drift from them.

The list says what the case's state allows; who may issue each command is the
application's business (`baxt.application.cases.actions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from baxt.domain.approvals import ApprovalKind
from baxt.domain.case import rules
from baxt.domain.case.reviews import REVIEWABLE
from baxt.domain.case.work_plan import REVISABLE
from baxt.domain.values import CaseStatus


class CaseAction(Enum):
    """A command on one case, named by its mutation."""

    RECORD_CONTACT_ATTEMPT = "RECORD_CONTACT_ATTEMPT"
    RECORD_VISIT = "RECORD_VISIT"
    RECORD_CONSULTATION = "RECORD_CONSULTATION"
    REFER_CASE = "REFER_CASE"
    REVISE_WORK_PLAN = "REVISE_WORK_PLAN"
    RECORD_REVIEW = "RECORD_REVIEW"
    ASSIGN_CASE = "ASSIGN_CASE"
    CLOSE_CASE = "CLOSE_CASE"
    APPROVE_CLOSURE = "APPROVE_CLOSURE"
    REJECT_CLOSURE = "REJECT_CLOSURE"
    WITHDRAW_CLOSURE = "WITHDRAW_CLOSURE"
    REOPEN_CASE = "REOPEN_CASE"
    CORRECT_CHILD = "CORRECT_CHILD"
    CORRECT_HOUSEHOLD = "CORRECT_HOUSEHOLD"
    REQUEST_TRANSFER = "REQUEST_TRANSFER"
    RECORD_CONSENT = "RECORD_CONSENT"
    CANCEL_REFERRAL = "CANCEL_REFERRAL"
    APPROVE_REQUEST = "APPROVE_REQUEST"
    REJECT_REQUEST = "REJECT_REQUEST"
    WITHDRAW_REQUEST = "WITHDRAW_REQUEST"


ALLOWED_IN: Mapping[CaseAction, frozenset[CaseStatus]] = {
    CaseAction.RECORD_CONTACT_ATTEMPT: rules.OPEN,
    CaseAction.RECORD_VISIT: rules.OPEN,
    CaseAction.RECORD_CONSULTATION: rules.CONSULTABLE,
    CaseAction.REFER_CASE: rules.REFERABLE,
    CaseAction.REVISE_WORK_PLAN: frozenset(REVISABLE),
    CaseAction.RECORD_REVIEW: frozenset(REVIEWABLE),
    CaseAction.ASSIGN_CASE: rules.OPEN,
    CaseAction.CLOSE_CASE: rules.OPEN,
    CaseAction.APPROVE_CLOSURE: rules.OPEN,
    CaseAction.REJECT_CLOSURE: rules.OPEN,
    CaseAction.WITHDRAW_CLOSURE: rules.OPEN,
    CaseAction.REOPEN_CASE: rules.REOPENABLE,
    CaseAction.CORRECT_CHILD: frozenset(CaseStatus),
    CaseAction.CORRECT_HOUSEHOLD: frozenset(CaseStatus),
    CaseAction.REQUEST_TRANSFER: rules.OPEN,
    CaseAction.RECORD_CONSENT: frozenset(CaseStatus),
    CaseAction.CANCEL_REFERRAL: frozenset(CaseStatus),
    CaseAction.APPROVE_REQUEST: frozenset(CaseStatus),
    CaseAction.REJECT_REQUEST: frozenset(CaseStatus),
    CaseAction.WITHDRAW_REQUEST: frozenset(CaseStatus),
}
"""The statuses each command is allowed in; the commands check these same sets."""

_NEED_A_PENDING_CLOSURE = frozenset(
    {CaseAction.APPROVE_CLOSURE, CaseAction.REJECT_CLOSURE, CaseAction.WITHDRAW_CLOSURE}
)
_NEED_A_PENDING_REQUEST = frozenset(
    {CaseAction.APPROVE_REQUEST, CaseAction.REJECT_REQUEST, CaseAction.WITHDRAW_REQUEST}
)
_HIDDEN_WHILE_AWAITED = {
    CaseAction.CLOSE_CASE: frozenset(ApprovalKind),
    CaseAction.REVISE_WORK_PLAN: frozenset({ApprovalKind.WORK_PLAN}),
    CaseAction.REQUEST_TRANSFER: frozenset({ApprovalKind.TRANSFER}),
}
"""The commands a request waiting for a supervisor refuses, by the kinds that refuse them."""


def allowed_actions(
    status: CaseStatus,
    *,
    child_seen: bool,
    closure_pending: bool,
    erased: bool,
    transfer_pending: bool = False,
    referral_cancellable: bool = False,
    awaited: ApprovalKind | None = None,
) -> list[CaseAction]:
    """The commands a case in this state takes now, in the enum's order; none once erased.

    `awaited` is the kind of request waiting for a supervisor (a closure, when only
    `closure_pending` is given): deciding or withdrawing it is among the commands, and what it
    would refuse is not.

    Deciding a waiting transfer is not among them: that is the receiving district's, which
    finds it in `incomingTransfers`, not on a case in its reach.

    `RECORD_CONSENT` is open to a case in any status: consent is the guardian's, to one
    organisation, and the command names it. `CANCEL_REFERRAL` means the case has at least one
    referral that has not ended (`referral_cancellable`, see `cancellable_referrals`); the
    command names which. Revoking a consent is not listed: it needs a consent in force for
    the organisation named, which the list does not know of. A partner's commands are on the
    referral it sees (`baxt.domain.referrals.referral_actions`)."""
    if erased:
        return []
    return [
        action
        for action, statuses in ALLOWED_IN.items()
        if status in statuses
        and _state_allows(action, child_seen, closure_pending)
        and not (action is CaseAction.REQUEST_TRANSFER and transfer_pending)
        and not (action is CaseAction.CANCEL_REFERRAL and not referral_cancellable)
        and _request_allows(action, awaited or (ApprovalKind.CLOSURE if closure_pending else None))
    ]


def _request_allows(action: CaseAction, awaited: ApprovalKind | None) -> bool:
    if action in _NEED_A_PENDING_REQUEST:
        return awaited is not None
    return awaited not in _HIDDEN_WHILE_AWAITED.get(action, frozenset())


def _state_allows(action: CaseAction, child_seen: bool, closure_pending: bool) -> bool:
    if action in _NEED_A_PENDING_CLOSURE:
        return closure_pending
    if action is CaseAction.CLOSE_CASE:
        return not closure_pending
    if action is CaseAction.RECORD_CONSULTATION:
        return child_seen
    return True
