"""What a case knows: the attributes its events set, the steps several events share, and the
check every command makes first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from uuid import UUID

from baxt.domain.approvals import (
    ApprovalKind,
    PendingClosure,
    PendingRevision,
    PendingTransfer,
    PendingTransferApproval,
)
from baxt.domain.case import rules
from baxt.domain.errors import CaseErased, ChildNotSeen, InvalidTransition
from baxt.domain.referrals import Consent
from baxt.domain.values import (
    CaseStatus,
    Child,
    CloseReason,
    EscalationLevel,
    FlagReason,
    FlagSource,
    Goal,
    Household,
    Need,
    PlanItem,
    Referral,
    RegistryCategory,
    RiskLevel,
    Visit,
)


class CaseState:
    """The state of one child's case, as its events leave it."""

    id: UUID
    child: Child
    household: Household
    source: FlagSource
    indicators: tuple[str, ...]
    rounds: tuple[str, ...]
    reason: FlagReason | None
    visits: tuple[Visit, ...]
    needs: tuple[Need, ...]
    plan: tuple[PlanItem, ...]
    referrals: tuple[Referral, ...]
    caseworker: str | None
    planned_quarters: tuple[str, ...]
    visit_due_on: date | None
    seen_quarters: tuple[str, ...]
    reminders: tuple[str, ...]
    erased: bool
    concern_reports: tuple[UUID, ...] = ()
    """The reports of concern linked to the case, whose keys its erasure destroys too."""
    status: CaseStatus
    quarter: str
    contact_attempts: int
    visit_scheduled_at: datetime | None
    child_seen: bool
    close_reason: CloseReason | None
    failed_contacts: int
    unseen_visits: int
    escalation: EscalationLevel | None
    # Class defaults: cases and snapshots stored before partners existed have neither.
    consents: tuple[Consent, ...] = ()
    referral_reminders: tuple[str, ...] = ()
    # Nor have those stored before a call or visit could follow a case up.
    follow_ups: int = 0
    last_follow_up_at: datetime | None = None
    # Nor had cases stored before approvals a closure waiting for one.
    pending_closure: PendingClosure | None = None
    # Nor had cases stored before transfers a move waiting for the receiving district.
    pending_transfer: PendingTransfer | None = None
    # The work plan's goals: a Consulted event of any release sets them from its plan.
    goals: tuple[Goal, ...] = ()
    # Nor had cases stored before reviews a review.
    last_reviewed_on: date | None = None
    risk_level: RiskLevel | None = None
    # Nor had cases flagged before the Social Registry's categories were kept a category.
    registry_category: RegistryCategory | None = None
    # Nor had cases stored before household records a household.
    household_id: UUID | None = None
    next_review_due: date | None = None
    review_reminders: tuple[str, ...] = ()
    # Nor had those stored before a revision or a transfer could wait for a supervisor.
    pending_revision: PendingRevision | None = None
    pending_transfer_approval: PendingTransferApproval | None = None
    # Nor had cases stored before duplicates were merged a merge or a pair found apart.
    merged_into: UUID | None = None
    merged_cases: tuple[UUID, ...] = ()
    not_duplicates: tuple[UUID, ...] = ()
    # Given by the aggregate base: records an event and applies it.
    trigger_event: Callable[..., None]

    @property
    def is_open(self) -> bool:
        return self.status in rules.OPEN

    def start_episode(self, quarter: str) -> None:
        """Starts the case afresh in `quarter`, as a flag or a reopening does."""
        self.status = CaseStatus.FLAGGED
        self.quarter = quarter
        self.contact_attempts = 0
        self.visit_scheduled_at = None
        self.child_seen = False
        self.close_reason = None
        self.failed_contacts = 0
        self.unseen_visits = 0
        self.escalation = None
        self.follow_ups = 0
        self.last_follow_up_at = None
        # An episode's reviews end with it: consulted again, the case gets a fresh review
        # planned rather than the old episode's overdue date, and is reminded of it anew.
        self.next_review_due = None
        self.review_reminders = ()

    def note_follow_up(self, at: datetime) -> None:
        """Counts a call or visit after the first contact or consultation, made `at`."""
        self.follow_ups += 1
        last = self.last_follow_up_at
        self.last_follow_up_at = at if last is None else max(last, at)

    def note_round(self, round: str | None, reason: FlagReason | None) -> None:
        """Remembers the import round that flagged the child, and the screening's reason."""
        if round:
            self.rounds = (*self.rounds, round)
        if reason is not None:
            self.reason = reason

    def note_registry_category(self, category: RegistryCategory | None) -> None:
        """Keeps the Social Registry category a later flag gives; a flag without one keeps
        the category known."""
        if category is not None:
            self.registry_category = category

    @property
    def awaited_approval(self) -> ApprovalKind | None:
        """The kind of request waiting for a supervisor's decision, if one does."""
        if self.pending_closure is not None:
            return ApprovalKind.CLOSURE
        if self.pending_revision is not None:
            return ApprovalKind.WORK_PLAN
        if self.pending_transfer_approval is not None:
            return ApprovalKind.TRANSFER
        return None

    def _require_no_approval_awaited(self) -> None:
        """A case waits for one supervisor's decision at a time: refused while one waits."""
        kind = self.awaited_approval
        if kind is not None:
            raise InvalidTransition(
                f"a request of this case ({kind.value}) waits for a supervisor's decision;"
                " it is approved, rejected or withdrawn first"
            )

    def _require_not_erased(self) -> None:
        if self.erased:
            raise CaseErased("this child's personal data was erased; the case takes no changes")

    def _require(self, *allowed: CaseStatus) -> None:
        self._require_not_erased()
        if self.status not in allowed:
            names = ", ".join(sorted(s.value for s in allowed))
            raise InvalidTransition(
                f"not allowed while the case is {self.status.value} (allowed from: {names})"
            )

    def _require_child_seen(self) -> None:
        if not self.child_seen:
            raise ChildNotSeen(
                "the child has not been seen on a visit yet; record another visit first"
            )
