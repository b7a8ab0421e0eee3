"""Every event of a child's case, each with the topic it is stored under and how it applies.

The topics are those the events were first stored under, when the case lived in the module
`baxt.domain.case`; they are hashed into the signed audit ledger, so they never change.
"""

from __future__ import annotations

from baxt.domain.case.events.approvals import TransferApprovalDecided as TransferApprovalDecided
from baxt.domain.case.events.approvals import TransferApprovalGranted as TransferApprovalGranted
from baxt.domain.case.events.approvals import TransferApprovalRejected as TransferApprovalRejected
from baxt.domain.case.events.approvals import TransferApprovalRequested as TransferApprovalRequested
from baxt.domain.case.events.approvals import TransferApprovalWithdrawn as TransferApprovalWithdrawn
from baxt.domain.case.events.approvals import WorkPlanRevisionApproved as WorkPlanRevisionApproved
from baxt.domain.case.events.approvals import WorkPlanRevisionDecided as WorkPlanRevisionDecided
from baxt.domain.case.events.approvals import WorkPlanRevisionRejected as WorkPlanRevisionRejected
from baxt.domain.case.events.approvals import WorkPlanRevisionRequested as WorkPlanRevisionRequested
from baxt.domain.case.events.approvals import WorkPlanRevisionWithdrawn as WorkPlanRevisionWithdrawn
from baxt.domain.case.events.base import TOPIC_PREFIX as TOPIC_PREFIX
from baxt.domain.case.events.base import CaseEvent as CaseEvent
from baxt.domain.case.events.closing import ClosureApproved as ClosureApproved
from baxt.domain.case.events.closing import ClosureDecided as ClosureDecided
from baxt.domain.case.events.closing import ClosureRejected as ClosureRejected
from baxt.domain.case.events.closing import ClosureRequested as ClosureRequested
from baxt.domain.case.events.closing import ClosureWithdrawn as ClosureWithdrawn
from baxt.domain.case.events.concern import ConcernReportLinked as ConcernReportLinked
from baxt.domain.case.events.conferences import (
    CaseConferenceDecisionRecorded as CaseConferenceDecisionRecorded,
)
from baxt.domain.case.events.contact import Consulted as Consulted
from baxt.domain.case.events.contact import ContactAttempted as ContactAttempted
from baxt.domain.case.events.contact import Visited as Visited
from baxt.domain.case.events.corrections import ChildCorrected as ChildCorrected
from baxt.domain.case.events.corrections import Corrected as Corrected
from baxt.domain.case.events.corrections import HouseholdCorrected as HouseholdCorrected
from baxt.domain.case.events.duplicates import CaseMerged as CaseMerged
from baxt.domain.case.events.duplicates import MergedInto as MergedInto
from baxt.domain.case.events.duplicates import NotDuplicateMarked as NotDuplicateMarked
from baxt.domain.case.events.households import LinkedToHousehold as LinkedToHousehold
from baxt.domain.case.events.keeping import Assigned as Assigned
from baxt.domain.case.events.keeping import ChildDataErased as ChildDataErased
from baxt.domain.case.events.keeping import Closed as Closed
from baxt.domain.case.events.keeping import Escalated as Escalated
from baxt.domain.case.events.keeping import VisitOverdue as VisitOverdue
from baxt.domain.case.events.keeping import VisitPlanned as VisitPlanned
from baxt.domain.case.events.opening import FlagAdded as FlagAdded
from baxt.domain.case.events.opening import Flagged as Flagged
from baxt.domain.case.events.opening import Reopened as Reopened
from baxt.domain.case.events.referrals import ConsentEvent as ConsentEvent
from baxt.domain.case.events.referrals import ConsentGiven as ConsentGiven
from baxt.domain.case.events.referrals import ConsentRevoked as ConsentRevoked
from baxt.domain.case.events.referrals import ReferralAccepted as ReferralAccepted
from baxt.domain.case.events.referrals import ReferralCancelled as ReferralCancelled
from baxt.domain.case.events.referrals import ReferralCompleted as ReferralCompleted
from baxt.domain.case.events.referrals import ReferralDeclined as ReferralDeclined
from baxt.domain.case.events.referrals import ReferralEvent as ReferralEvent
from baxt.domain.case.events.referrals import ReferralProgressRecorded as ReferralProgressRecorded
from baxt.domain.case.events.referrals import ReferralReminded as ReferralReminded
from baxt.domain.case.events.referrals import Referred as Referred
from baxt.domain.case.events.referrals import _ReferralMoved as _ReferralMoved
from baxt.domain.case.events.transfers import TransferAccepted as TransferAccepted
from baxt.domain.case.events.transfers import TransferDecided as TransferDecided
from baxt.domain.case.events.transfers import TransferDeclined as TransferDeclined
from baxt.domain.case.events.transfers import TransferRequested as TransferRequested
from baxt.domain.case.events.work_plan import ReviewOverdue as ReviewOverdue
from baxt.domain.case.events.work_plan import ReviewPlanned as ReviewPlanned
from baxt.domain.case.events.work_plan import ReviewRecorded as ReviewRecorded
from baxt.domain.case.events.work_plan import WorkPlanRevised as WorkPlanRevised

CASE_EVENTS: tuple[type[CaseEvent], ...] = tuple(
    value
    for value in tuple(globals().values())
    if isinstance(value, type) and issubclass(value, CaseEvent) and "TOPIC" in vars(value)
)
"""Every event a case stores, in the order this module defines them."""

REFERRAL_EVENTS: tuple[type[CaseEvent], ...] = tuple(
    event for event in CASE_EVENTS if issubclass(event, (ReferralEvent, ConsentEvent))
)
"""The events of referrals at partners and of the consents behind them."""

ON_THE_CASE: dict[str, type[CaseEvent]] = {
    "Event": CaseEvent,
    "Created": Flagged,
    **{event.__name__: event for event in CASE_EVENTS},
}
"""The case's attributes that name its events: its base event, its created event, and each one."""
