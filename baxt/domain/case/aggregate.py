"""The case aggregate: the commands on a child's case, which check and then record events.

Its events, and how each one changes the case, are in `events`; its pure rules in `rules`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TypeAlias
from uuid import UUID

from eventsourcing.domain import Aggregate

from baxt.domain import validation as check
from baxt.domain.case import events, rules
from baxt.domain.case.approval_requests import CaseApprovalRequests
from baxt.domain.case.closing import CaseClosing
from baxt.domain.case.conferences import CaseConferences
from baxt.domain.case.corrections import CaseCorrections
from baxt.domain.case.duplicates import CaseDuplicates
from baxt.domain.case.field_work import CaseFieldWork
from baxt.domain.case.households import CaseHouseholds
from baxt.domain.case.keeping import CaseKeeping
from baxt.domain.case.referrals import CaseReferrals
from baxt.domain.case.reviews import CaseReviews
from baxt.domain.case.rules import FlagOutcome
from baxt.domain.case.transfers import CaseTransfers
from baxt.domain.case.work_plan import CaseWorkPlan
from baxt.domain.inputs import (
    checked_child,
    checked_household,
    checked_tags,
)
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.values import (
    NO_TAGS,
    Child,
    FlagReason,
    FlagSource,
    FlagTags,
    Household,
)


class Case(
    CaseFieldWork,
    CaseKeeping,
    CaseReferrals,
    CaseCorrections,
    CaseApprovalRequests,
    CaseDuplicates,
    CaseClosing,
    CaseTransfers,
    CaseWorkPlan,
    CaseReviews,
    CaseHouseholds,
    CaseConferences,
    Aggregate,
    created_event_name="Flagged",
):
    """One child's case: flagged, contacted, visited, consulted, referred, closed, and reopened."""

    TOPIC = "baxt.domain.case:Case"
    # Each event is also an attribute of the case, where its stored topic places it: typed
    # here, and taken from `events` at run time, where annotations would make them fields.
    if TYPE_CHECKING:
        Event: TypeAlias = events.CaseEvent
        Created: TypeAlias = events.Flagged
        Flagged: TypeAlias = events.Flagged
        FlagAdded: TypeAlias = events.FlagAdded
        ContactAttempted: TypeAlias = events.ContactAttempted
        Visited: TypeAlias = events.Visited
        Consulted: TypeAlias = events.Consulted
        Referred: TypeAlias = events.Referred
        ReferralAccepted: TypeAlias = events.ReferralAccepted
        ReferralDeclined: TypeAlias = events.ReferralDeclined
        ReferralProgressRecorded: TypeAlias = events.ReferralProgressRecorded
        ReferralCompleted: TypeAlias = events.ReferralCompleted
        ReferralCancelled: TypeAlias = events.ReferralCancelled
        ReferralReminded: TypeAlias = events.ReferralReminded
        ConsentGiven: TypeAlias = events.ConsentGiven
        ConsentRevoked: TypeAlias = events.ConsentRevoked
        Closed: TypeAlias = events.Closed
        Assigned: TypeAlias = events.Assigned
        VisitPlanned: TypeAlias = events.VisitPlanned
        VisitOverdue: TypeAlias = events.VisitOverdue
        Escalated: TypeAlias = events.Escalated
        ChildDataErased: TypeAlias = events.ChildDataErased
        Reopened: TypeAlias = events.Reopened
        ChildCorrected: TypeAlias = events.ChildCorrected
        HouseholdCorrected: TypeAlias = events.HouseholdCorrected
        ClosureRequested: TypeAlias = events.ClosureRequested
        ClosureApproved: TypeAlias = events.ClosureApproved
        ClosureRejected: TypeAlias = events.ClosureRejected
        ClosureWithdrawn: TypeAlias = events.ClosureWithdrawn
        WorkPlanRevised: TypeAlias = events.WorkPlanRevised
        ReviewRecorded: TypeAlias = events.ReviewRecorded
        ReviewOverdue: TypeAlias = events.ReviewOverdue
        ReviewPlanned: TypeAlias = events.ReviewPlanned
        TransferRequested: TypeAlias = events.TransferRequested
        TransferAccepted: TypeAlias = events.TransferAccepted
        TransferDeclined: TypeAlias = events.TransferDeclined
        WorkPlanRevisionRequested: TypeAlias = events.WorkPlanRevisionRequested
        WorkPlanRevisionApproved: TypeAlias = events.WorkPlanRevisionApproved
        WorkPlanRevisionRejected: TypeAlias = events.WorkPlanRevisionRejected
        WorkPlanRevisionWithdrawn: TypeAlias = events.WorkPlanRevisionWithdrawn
        TransferApprovalRequested: TypeAlias = events.TransferApprovalRequested
        TransferApprovalGranted: TypeAlias = events.TransferApprovalGranted
        TransferApprovalRejected: TypeAlias = events.TransferApprovalRejected
        TransferApprovalWithdrawn: TypeAlias = events.TransferApprovalWithdrawn
        LinkedToHousehold: TypeAlias = events.LinkedToHousehold
        MergedInto: TypeAlias = events.MergedInto
        CaseMerged: TypeAlias = events.CaseMerged
        NotDuplicateMarked: TypeAlias = events.NotDuplicateMarked
        ConcernReportLinked: TypeAlias = events.ConcernReportLinked
        CaseConferenceDecisionRecorded: TypeAlias = events.CaseConferenceDecisionRecorded
    else:
        vars().update(events.ON_THE_CASE)

    @classmethod
    def flag(
        cls,
        *,
        case_id: UUID,
        child: Child,
        household: Household,
        source: FlagSource,
        indicators: Sequence[str],
        note: str,
        actor: str,
        now: datetime,
        verify_check_digit: bool = False,
        round: str | None = None,
        reason: FlagReason | None = None,
        tags: FlagTags = NO_TAGS,
    ) -> Case:
        """Opens the case of a child under 18, after checking the child and household.

        A flag from an import `round` (a quarter's screening, a year's survey) names it, so
        the same round never flags the child twice; a screening's flag carries its `reason`,
        and any flag its `tags`.
        """
        child = checked_child(child, now, verify_check_digit)
        return cls._create(
            events.Flagged,
            id=case_id,
            child=child,
            household=checked_household(household),
            source=source,
            indicators=check.indicators(indicators, ("indicators",)),
            note=check.note(note, ("note",)),
            quarter=str(Quarter.containing(now)),
            actor=actor,
            round=check.optional(round, ("round",)),
            reason=reason,
            **checked_tags(source, tags),
        )

    @classmethod
    def flag_or_reopen(
        cls,
        case: Case | None,
        *,
        case_id: UUID,
        child: Child,
        household: Household,
        source: FlagSource,
        indicators: Sequence[str],
        note: str,
        actor: str,
        now: datetime,
        verify_check_digit: bool = False,
        round: str | None = None,
        reason: FlagReason | None = None,
        tags: FlagTags = NO_TAGS,
    ) -> tuple[Case, FlagOutcome]:
        """Flags a child: opens their case when there is none yet (`case` is None), else
        records the flag on it as `flag_again` does."""
        if case is None:
            opened = cls.flag(
                case_id=case_id,
                child=child,
                household=household,
                source=source,
                indicators=indicators,
                note=note,
                actor=actor,
                now=now,
                verify_check_digit=verify_check_digit,
                round=round,
                reason=reason,
                tags=tags,
            )
            return opened, FlagOutcome.OPENED
        again = case.flag_again(
            source=source,
            indicators=indicators,
            note=note,
            actor=actor,
            now=now,
            round=round,
            reason=reason,
            tags=tags,
        )
        return case, again

    def add_flag(
        self,
        *,
        source: FlagSource,
        indicators: Sequence[str],
        note: str,
        actor: str,
        round: str | None = None,
        reason: FlagReason | None = None,
        tags: FlagTags = NO_TAGS,
    ) -> None:
        """Records another flag for a child whose case is open."""
        self._require(*rules.OPEN)
        self.trigger_event(
            events.FlagAdded,
            source=source,
            indicators=check.indicators(indicators, ("indicators",)),
            note=check.note(note, ("note",)),
            actor=actor,
            round=check.optional(round, ("round",)),
            reason=reason,
            **checked_tags(source, tags),
        )

    def flag_again(
        self,
        *,
        source: FlagSource,
        indicators: Sequence[str],
        note: str,
        actor: str,
        now: datetime,
        round: str | None = None,
        reason: FlagReason | None = None,
        tags: FlagTags = NO_TAGS,
    ) -> FlagOutcome:
        """Flags the child of this case again: the open case records the flag, a closed one
        is reopened. ALREADY, changing nothing, when the import `round` flagged them before.

        A case merged into another takes no flag (the kept case does): ALREADY_MERGED."""
        if round is not None and round in self.rounds:
            return FlagOutcome.ALREADY
        self._require_not_erased()
        self._require_not_merged()
        if self.is_open:
            self.add_flag(
                source=source,
                indicators=indicators,
                note=note,
                actor=actor,
                round=round,
                reason=reason,
                tags=tags,
            )
            return FlagOutcome.ADDED
        self.reopen(
            reason=f"flagged again ({source.value})",
            actor=actor,
            now=now,
            source=source,
            indicators=indicators,
            round=round,
            flag_reason=reason,
            tags=tags,
        )
        return FlagOutcome.REOPENED

    def flag_in_round(
        self,
        *,
        round: str,
        source: FlagSource,
        reason: FlagReason | None,
        actor: str,
        now: datetime,
    ) -> bool:
        """Flags the child again for an import round, once: the open case records the flag,
        a closed one is reopened. False when this round has flagged the child already."""
        outcome = self.flag_again(
            source=source,
            indicators=reason.indicators if reason else (),
            note="",
            actor=actor,
            now=now,
            round=round,
            reason=reason,
        )
        return outcome is not FlagOutcome.ALREADY

    def reopen(
        self,
        *,
        reason: str,
        actor: str,
        now: datetime,
        source: FlagSource | None = None,
        indicators: Sequence[str] = (),
        round: str | None = None,
        flag_reason: FlagReason | None = None,
        tags: FlagTags = NO_TAGS,
    ) -> None:
        """Reopens a closed case for the current quarter; a new flag may be its cause. A case
        merged into another is not reopened (the kept case carries the child): ALREADY_MERGED."""
        self._require_not_merged()
        self._require(*rules.REOPENABLE)
        check.require_under_18(self.child.birth_date, local_date(now))
        self.trigger_event(
            events.Reopened,
            reason=check.note(reason, ("reason",), required=True),
            quarter=str(Quarter.containing(now)),
            source=source,
            indicators=check.indicators(indicators, ("indicators",)),
            actor=actor,
            round=check.optional(round, ("round",)),
            flag_reason=flag_reason,
            birth_date=self.child.birth_date,
            **checked_tags(source, tags),
        )

    def link_concern_report(self, *, report_id: UUID, reference: str, actor: str) -> None:
        """Records that a report of concern about this child was linked to the case, in any
        status but erased; the same report is linked once."""
        self._require_not_erased()
        if report_id in self.concern_reports:
            return
        self.trigger_event(
            events.ConcernReportLinked, report_id=report_id, reference=reference, actor=actor
        )

    def erase_child_data(
        self, *, legal_reason: str, actor: str, household_members: Sequence[int] = ()
    ) -> None:
        """Records that the child's personal data is erased, on `legal_reason`; closes the case.

        The application destroys the child's key after this is saved; every field of personal
        data in the case's events then reads as erased, and the case takes no more commands.
        `household_members` are the child's own entries in its household's members list.
        """
        self._require_not_erased()
        reason = check.note(legal_reason, ("legal_reason",), required=True)
        self.trigger_event(
            events.ChildDataErased,
            legal_reason=reason,
            household_members=tuple(household_members) or None,
            actor=actor,
        )
