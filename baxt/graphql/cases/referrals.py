"""The caseworker's side of partner referrals: consent to share, referral targets, cancelling."""

from __future__ import annotations

import strawberry

import baxt.graphql.partners.enums  # noqa: F401 - registers the referral enums with Strawberry
from baxt.application.transient import retrying
from baxt.domain import referrals
from baxt.domain.errors import DomainError
from baxt.graphql.cases import payloads as p
from baxt.graphql.cases.mutations import CHANGE, change, refused
from baxt.graphql.cases.referral_targets import require_organisation
from baxt.graphql.core.context import Info


@strawberry.input(description="The guardian's consent to share the case with an organisation.")
class RecordConsentInput:
    case_id: strawberry.ID
    organisation_id: str
    purpose: referrals.ConsentPurpose = referrals.ConsentPurpose.SHARE_WITH_PARTNER


@strawberry.input(
    description="Revokes the consent in force: the organisation no longer sees the case."
)
class RevokeConsentInput:
    case_id: strawberry.ID
    organisation_id: str
    reason: str = ""


@strawberry.input
class CancelReferralInput:
    case_id: strawberry.ID
    referral_id: strawberry.ID
    reason: str


@strawberry.type
class RecordConsentPayload(p.CasePayload):
    pass


@strawberry.type
class RevokeConsentPayload(p.CasePayload):
    pass


@strawberry.type
class CancelReferralPayload(p.CasePayload):
    pass


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Records the guardian's consent to share with a partner.",
        permission_classes=CHANGE,
    )
    async def record_consent(self, info: Info, input: RecordConsentInput) -> RecordConsentPayload:
        try:
            await retrying(
                lambda: require_organisation(info, input.organisation_id), what="directory"
            )
        except DomainError as error:
            return refused(RecordConsentPayload, error)
        actor = info.context.actor
        return await change(
            info,
            RecordConsentPayload,
            input.case_id,
            lambda case: case.give_consent(
                organisation_id=input.organisation_id, purpose=input.purpose, actor=actor
            ),
        )

    @strawberry.mutation(
        description="Revokes a consent to share; the partner loses the case.",
        permission_classes=CHANGE,
    )
    async def revoke_consent(self, info: Info, input: RevokeConsentInput) -> RevokeConsentPayload:
        actor = info.context.actor
        return await change(
            info,
            RevokeConsentPayload,
            input.case_id,
            lambda case: case.revoke_consent(
                organisation_id=input.organisation_id, reason=input.reason, actor=actor
            ),
        )

    @strawberry.mutation(
        description="Withdraws a referral that has not ended yet.", permission_classes=CHANGE
    )
    async def cancel_referral(
        self, info: Info, input: CancelReferralInput
    ) -> CancelReferralPayload:
        actor = info.context.actor
        return await change(
            info,
            CancelReferralPayload,
            input.case_id,
            lambda case: case.cancel_referral(
                referral_id=input.referral_id, reason=input.reason, actor=actor
            ),
        )
