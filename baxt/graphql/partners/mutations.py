from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.partners.service import PartnerCommand
from baxt.domain.case import Case
from baxt.domain.errors import DomainError
from baxt.domain.values import Child, Household
from baxt.graphql.after_commit import say_after_commit, shown_after_commit
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.core.user_errors import UserError, user_errors
from baxt.graphql.partners.ids import referral_local_id
from baxt.graphql.partners.inputs import (
    CompleteReferralInput,
    RecordReferralProgressInput,
    ReportConcernInput,
    RespondToReferralInput,
)
from baxt.graphql.partners.types import ConcernReceipt, PartnerReferral

PARTNER = [Needs(Operation.PARTNER_REFERRALS)]


@strawberry.type
class PartnerReferralPayload:
    referral: PartnerReferral | None
    user_errors: list[UserError]


@strawberry.type
class ReportConcernPayload:
    receipt: ConcernReceipt | None
    user_errors: list[UserError]


async def _act(info: Info, referral_id: str, command: PartnerCommand) -> PartnerReferralPayload:
    """Runs a partner's command on a referral it sees; a refused one becomes userErrors. The
    answer is the referral as saved."""
    partners = info.context.services.partners
    try:
        answer = await partners.act(
            info.context.caller, referral_id, command, name=info.python_name
        )
    except DomainError as error:
        return PartnerReferralPayload(referral=None, user_errors=user_errors(error))
    say_after_commit(info, answer.after)
    if not await shown_after_commit(info, answer.row.case_id):
        return PartnerReferralPayload(referral=None, user_errors=[])
    return PartnerReferralPayload(referral=PartnerReferral.from_row(answer.row), user_errors=[])


def _respond(referral_id: str, input: RespondToReferralInput) -> PartnerCommand:
    def respond(case: Case, organisation: str, actor: str) -> None:
        if input.accept:
            case.accept_referral(referral_id=referral_id, organisation_id=organisation, actor=actor)
            return
        case.decline_referral(
            referral_id=referral_id, organisation_id=organisation, reason=input.reason, actor=actor
        )

    return respond


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Accepts a pending referral made to your organisation, or declines it"
        " with a reason (the caseworker is told, to refer the case elsewhere).",
        permission_classes=PARTNER,
    )
    async def respond_to_referral(
        self, info: Info, input: RespondToReferralInput
    ) -> PartnerReferralPayload:
        referral_id = referral_local_id(input.referral_id)
        return await _act(info, referral_id, _respond(referral_id, input))

    @strawberry.mutation(
        description="Records a step of your work on an accepted referral.",
        permission_classes=PARTNER,
    )
    async def record_referral_progress(
        self, info: Info, input: RecordReferralProgressInput
    ) -> PartnerReferralPayload:
        referral_id = referral_local_id(input.referral_id)
        return await _act(
            info,
            referral_id,
            lambda case, organisation, actor: case.record_referral_progress(
                referral_id=referral_id,
                organisation_id=organisation,
                kind=input.kind,
                note=input.note,
                certificate_number=input.certificate_number,
                actor=actor,
            ),
        )

    @strawberry.mutation(
        description="Completes a referral in progress with its outcome.",
        permission_classes=PARTNER,
    )
    async def complete_referral(
        self, info: Info, input: CompleteReferralInput
    ) -> PartnerReferralPayload:
        referral_id = referral_local_id(input.referral_id)
        return await _act(
            info,
            referral_id,
            lambda case, organisation, actor: case.complete_referral(
                referral_id=referral_id,
                organisation_id=organisation,
                outcome=input.outcome,
                note=input.note,
                actor=actor,
            ),
        )

    @strawberry.mutation(
        description="Reports a concern about a child anywhere: it waits as a report of concern"
        " (reporter PARTNER_NGO) in the triage queue of the household's district, where a"
        " caseworker opens the child's case from it. The answer is a receipt only.",
        permission_classes=[Needs(Operation.REPORT_CONCERN)],
    )
    async def report_concern(self, info: Info, input: ReportConcernInput) -> ReportConcernPayload:
        child = Child(**vars(input.child))
        household = Household(**vars(input.household))
        partners = info.context.services.partners
        try:
            got = await partners.report_concern(info.context.caller, child, household, input.note)
        except DomainError as error:
            return ReportConcernPayload(receipt=None, user_errors=user_errors(error))
        receipt = ConcernReceipt(received_at=got.received_at, reference=got.reference)
        return ReportConcernPayload(receipt=receipt, user_errors=[])
