from __future__ import annotations

import strawberry

from baxt.application.cases import listing
from baxt.domain import approvals, values
from baxt.domain.case import actions

CaseStatus = strawberry.enum(values.CaseStatus, description="Where a case stands in its life.")
Sex = strawberry.enum(values.Sex)
FlagSource = strawberry.enum(values.FlagSource, description="Who or what flagged the child.")
RegistryCategory = strawberry.enum(
    values.RegistryCategory, description="The family's class in the unified Social Registry."
)
MahallaRole = strawberry.enum(
    values.MahallaRole, description="The role of the mahalla team's member who flagged a child."
)
ContactOutcome = strawberry.enum(values.ContactOutcome)
NeedDomain = strawberry.enum(values.NeedDomain)
NeedLevel = strawberry.enum(values.NeedLevel)
CloseReason = strawberry.enum(values.CloseReason)
ReferralStatus = strawberry.enum(values.ReferralStatus)
EscalationLevel = strawberry.enum(
    values.EscalationLevel,
    description="SUPERVISOR after three calls missed the family; POLICE_ASSISTANCE after"
    " three visits did not see the child.",
)
ApprovalKind = strawberry.enum(
    approvals.ApprovalKind, description="What a request waiting for a supervisor would do."
)
GoalStatus = strawberry.enum(
    values.GoalStatus, description="Where a goal of the work plan stands; DROPPED ends it."
)
RiskLevel = strawberry.enum(values.RiskLevel, description="The risk a case review found.")
CaseAction = strawberry.enum(
    actions.CaseAction, description="A command on one case, named by its mutation."
)
CaseOrder = strawberry.enum(
    listing.CaseOrder,
    description="The order of the case list: RECENTLY_UPDATED (the default), most recently"
    " updated first; DUE_DATE, the soonest planned visit first, those with none last;"
    " FLAGGED_DATE, the longest flagged first.",
)
