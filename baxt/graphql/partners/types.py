"""What partners see: their referrals (never a Case), and their organisation's figures."""

from __future__ import annotations

import datetime as dt

import strawberry

import baxt.graphql.cases.enums
import baxt.graphql.partners.enums  # noqa: F401
from baxt.application.partners.figures import PartnerFigures as Figures
from baxt.application.partners.rows import PartnerReferralRow
from baxt.domain import referrals, values
from baxt.graphql.cases.types import Need, ReferralStep
from baxt.graphql.core.node import Node, global_id

PARTNER_REFERRAL_TYPE = "PartnerReferral"


@strawberry.type(description="The child as a partner sees it: name and age, never the PINFL.")
class ReferredChild:
    full_name: str
    age_years: int


@strawberry.type(description="The guardian a partner contacts.")
class ReferredGuardian:
    name: str
    phone: str


@strawberry.type(
    description="A referral made to your organisation, while the guardian's consent to share"
    " it with you is in force. Every read of it is in the case's access log."
)
class PartnerReferral(Node):
    referral_id: strawberry.ID
    status: values.ReferralStatus
    service_id: str | None
    service_category: str
    provider: str
    reason: str
    child: ReferredChild
    guardian: ReferredGuardian
    region: str
    district: str
    needs: list[Need] = strawberry.field(description="The needs your service works on.")
    steps: list[ReferralStep]
    outcome: referrals.ReferralOutcome | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @strawberry.field(
        description="The commands your organisation may issue on this referral as it stands:"
        " the buttons that will work."
    )
    def allowed_actions(self) -> list[referrals.ReferralAction]:
        return referrals.referral_actions(self.status)

    @classmethod
    def from_row(cls, row: PartnerReferralRow) -> PartnerReferral:
        return cls(
            id=global_id(PARTNER_REFERRAL_TYPE, row.referral_id),
            referral_id=strawberry.ID(row.referral_id),
            status=row.status,
            service_id=row.service_id,
            service_category=row.service_category,
            provider=row.provider,
            reason=row.reason,
            child=ReferredChild(full_name=row.child_full_name, age_years=row.child_age),
            guardian=ReferredGuardian(name=row.guardian_name, phone=row.guardian_phone),
            region=row.region,
            district=row.district,
            needs=[Need(**vars(n)) for n in row.needs],
            steps=[ReferralStep(**vars(e)) for e in row.progress],
            outcome=row.outcome,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.type(description="An organisation's results over a period: numbers only.")
class PartnerFigures:
    organisation_id: str
    from_: dt.date = strawberry.field(name="from")
    to: dt.date
    referrals_received: int
    families_supported: int
    children_supported: int
    children_reintegrated: int
    families_exited: int = strawberry.field(description="Families that left the programme.")
    trainings_completed: int
    certificates_issued: int
    parents_employed: int

    @classmethod
    def from_figures(cls, f: Figures) -> PartnerFigures:
        return cls(
            organisation_id=f.organisation_id,
            from_=f.first,
            to=f.last,
            referrals_received=f.referrals_received,
            families_supported=f.families_supported,
            children_supported=f.children_supported,
            children_reintegrated=f.children_reintegrated,
            families_exited=f.families_exited,
            trainings_completed=f.trainings_completed,
            certificates_issued=f.certificates_issued,
            parents_employed=f.parents_employed,
        )


@strawberry.type(description="A concern was received; the child's case is not shown.")
class ConcernReceipt:
    received_at: dt.datetime
    reference: str = strawberry.field(
        description="The report's reference in the triage queue, e.g. R-MFRG-GZDF."
    )
