from __future__ import annotations

import strawberry

import baxt.graphql.partners.enums  # noqa: F401 - registers the referral enums with Strawberry
from baxt.domain import referrals
from baxt.graphql.cases.inputs import ChildInput, HouseholdInput


@strawberry.input(description="Accept a pending referral, or decline it saying why.")
class RespondToReferralInput:
    referral_id: strawberry.ID
    accept: bool
    reason: str = strawberry.field(default="", description="Required when declining.")


@strawberry.input
class RecordReferralProgressInput:
    referral_id: strawberry.ID
    kind: referrals.ProgressKind
    note: str = ""
    certificate_number: str | None = None


@strawberry.input
class CompleteReferralInput:
    referral_id: strawberry.ID
    outcome: referrals.ReferralOutcome
    note: str = ""


@strawberry.input(description="A partner's concern about a child; Baxt flags the child.")
class ReportConcernInput:
    child: ChildInput
    household: HouseholdInput
    note: str = ""
