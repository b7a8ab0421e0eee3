"""The events of a work plan revision and of a transfer that wait for a supervisor: asked
for, then approved (the `WorkPlanRevised` or `TransferRequested` it lets take effect follows),
rejected with a comment, or withdrawn. `events` takes them among the case's events."""

from __future__ import annotations

from baxt.domain.approvals import PendingRevision, PendingTransferApproval
from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState
from baxt.domain.values import GoalChange, PlanItem


class WorkPlanRevisionRequested(CaseEvent):
    """A caseworker asked to revise the work plan: the goals to add, the changes, the reason;
    the plan stays as it is until a supervisor decides."""

    TOPIC = _TOPIC + "WorkPlanRevisionRequested"
    reason: str
    added: tuple[PlanItem, ...]
    changed: tuple[GoalChange, ...]

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_revision = PendingRevision(
            self.reason, self.added, self.changed, self.actor, self.timestamp
        )


class WorkPlanRevisionDecided(CaseEvent):
    """A supervisor's decision on a requested revision, with who asked for it."""

    requested_by: str
    comment: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_revision = None


class WorkPlanRevisionApproved(WorkPlanRevisionDecided):
    """A supervisor approved the revision; the `WorkPlanRevised` recorded with it revises."""

    TOPIC = _TOPIC + "WorkPlanRevisionApproved"


class WorkPlanRevisionRejected(WorkPlanRevisionDecided):
    """A supervisor rejected the revision, saying why; the plan stays as it was."""

    TOPIC = _TOPIC + "WorkPlanRevisionRejected"


class WorkPlanRevisionWithdrawn(CaseEvent):
    """The requested revision was withdrawn before a supervisor decided."""

    TOPIC = _TOPIC + "WorkPlanRevisionWithdrawn"
    requested_by: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_revision = None


class TransferApprovalRequested(CaseEvent):
    """A caseworker asked to transfer the case; the sending district's supervisor decides
    before the receiving district is asked."""

    TOPIC = _TOPIC + "TransferApprovalRequested"
    region: str
    district: str
    mahalla: str
    reason: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_transfer_approval = PendingTransferApproval(
            self.region, self.district, self.mahalla, self.reason, self.actor, self.timestamp
        )


class TransferApprovalDecided(CaseEvent):
    """The sending supervisor's decision on a requested transfer: where to, who asked."""

    region: str
    district: str
    mahalla: str
    requested_by: str
    comment: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_transfer_approval = None


class TransferApprovalGranted(TransferApprovalDecided):
    """The sending supervisor approved; the `TransferRequested` recorded with it asks the
    receiving district."""

    TOPIC = _TOPIC + "TransferApprovalGranted"


class TransferApprovalRejected(TransferApprovalDecided):
    """The sending supervisor rejected the transfer, saying why; the case stays."""

    TOPIC = _TOPIC + "TransferApprovalRejected"


class TransferApprovalWithdrawn(CaseEvent):
    """The requested transfer was withdrawn before the sending supervisor decided."""

    TOPIC = _TOPIC + "TransferApprovalWithdrawn"
    region: str
    district: str
    mahalla: str
    requested_by: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_transfer_approval = None
