"""The referral vocabularies, registered with Strawberry."""

from __future__ import annotations

import strawberry

from baxt.domain import referrals

ProgressKind = strawberry.enum(
    referrals.ProgressKind,
    description="A step of a partner's work; TRAINING_COMPLETED names its certificate.",
)
ReferralOutcome = strawberry.enum(referrals.ReferralOutcome)
ConsentPurpose = strawberry.enum(referrals.ConsentPurpose)
ReferralAction = strawberry.enum(
    referrals.ReferralAction,
    description="A command a partner issues on a referral made to it, named by its mutation.",
)
