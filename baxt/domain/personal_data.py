"""Which parts of a case's events are the child's personal data, sealed with the child's key.

The names, the PINFL, the guardian's phone, and every free text written about the child (notes,
observations, a need's note, a referral's reason, a correction's reason, a supervisor's comment
on a request, a work plan's goals, their progress notes, a revision's reason, a transfer's
reasons, a case conference's decision) are personal data; so are a household record's
guardians' names and phones, its members' names and its address line, sealed with the
household's own key, and, in a report of concern, the reporter's name and contact, the
child's name and PINFL, the address and what was seen, sealed with the report's own key.
Statuses, dates, places, codes and counts are not: they stay readable, so an erased child's
case still replays. An interagency team's members are professionals named in their work (as
the roster names staff), not the children or families the cases are about, so their names
are not sealed; a gathering names no parent, it counts them.
"""

from __future__ import annotations

from collections.abc import Mapping

from baxt.domain.case.events import (
    CaseConferenceDecisionRecorded,
    ChildCorrected,
    ClosureApproved,
    ClosureRejected,
    HouseholdCorrected,
    TransferApprovalGranted,
    TransferApprovalRejected,
    TransferApprovalRequested,
    TransferDeclined,
    TransferRequested,
    WorkPlanRevised,
    WorkPlanRevisionApproved,
    WorkPlanRevisionRejected,
    WorkPlanRevisionRequested,
)
from baxt.domain.concern.events import ReportClosed, ReportLinkedToCase
from baxt.domain.concern.values import ReportedChild, Reporter, ReportPlace
from baxt.domain.household.values import Address, Guardian, Member
from baxt.domain.values import Child, Goal, GoalChange, Household, Need, PlanItem, Referral, Visit

PERSONAL_FIELDS: Mapping[type, tuple[str, ...]] = {
    Child: ("personal_id", "full_name"),
    Household: ("guardian_name", "guardian_phone"),
    Visit: ("observations",),
    Need: ("note",),
    Referral: ("reason",),
    PlanItem: ("goal",),
    Goal: ("text",),
    GoalChange: ("text", "note"),
    Guardian: ("full_name", "phone"),
    Address: ("line",),
    Member: ("full_name",),
    Reporter: ("name", "contact"),
    ReportedChild: ("full_name", "seen", "personal_id"),
    ReportPlace: ("address",),
}
"""The fields of each value type that hold personal data."""

PERSONAL_EVENT_FIELDS = ("note",)
"""The attributes of any case event that hold personal data."""

PERSONAL_FIELDS_OF_EVENT: Mapping[type, tuple[str, ...]] = {
    ChildCorrected: ("full_name", "reason"),
    HouseholdCorrected: ("guardian_name", "guardian_phone", "reason"),
    ClosureApproved: ("comment",),
    ClosureRejected: ("comment",),
    WorkPlanRevised: ("reason",),
    TransferRequested: ("reason",),
    TransferDeclined: ("reason",),
    WorkPlanRevisionRequested: ("reason",),
    WorkPlanRevisionApproved: ("comment",),
    WorkPlanRevisionRejected: ("comment",),
    TransferApprovalRequested: ("reason",),
    TransferApprovalGranted: ("comment",),
    TransferApprovalRejected: ("comment",),
    ReportLinkedToCase: ("notice_address",),
    ReportClosed: ("notice_address",),
    CaseConferenceDecisionRecorded: ("decision",),
}
"""The attributes of each of these events that hold personal data, besides a `note`."""


def personal_event_fields(event_type: type) -> tuple[str, ...]:
    """The attributes of a case event of this type that hold personal data."""
    return (*PERSONAL_EVENT_FIELDS, *PERSONAL_FIELDS_OF_EVENT.get(event_type, ()))


ERASED = "[erased]"
"""What a field of personal data reads as once the child's key has been destroyed."""
