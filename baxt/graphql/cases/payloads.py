from __future__ import annotations

import strawberry

from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.user_errors import UserError


@strawberry.type
class CasePayload:
    case: CaseNode | None
    user_errors: list[UserError]


@strawberry.type
class FlagChildPayload(CasePayload):
    pass


@strawberry.type
class RecordContactAttemptPayload(CasePayload):
    pass


@strawberry.type
class RecordVisitPayload(CasePayload):
    pass


@strawberry.type
class RecordConsultationPayload(CasePayload):
    pass


@strawberry.type
class ReferCasePayload(CasePayload):
    pass


@strawberry.type
class CloseCasePayload(CasePayload):
    pass


@strawberry.type
class ReopenCasePayload(CasePayload):
    pass


@strawberry.type
class AssignCasePayload(CasePayload):
    pass


@strawberry.type
class CorrectChildPayload(CasePayload):
    pass


@strawberry.type
class CorrectHouseholdPayload(CasePayload):
    pass


@strawberry.type
class ApproveClosurePayload(CasePayload):
    pass


@strawberry.type
class RejectClosurePayload(CasePayload):
    pass


@strawberry.type
class WithdrawClosurePayload(CasePayload):
    pass


@strawberry.type
class ReviseWorkPlanPayload(CasePayload):
    pass


@strawberry.type
class RecordReviewPayload(CasePayload):
    pass


@strawberry.type
class RequestTransferPayload(CasePayload):
    pass


@strawberry.type
class AcceptTransferPayload(CasePayload):
    pass


@strawberry.type
class DeclineTransferPayload(CasePayload):
    pass


@strawberry.type
class ApproveRequestPayload(CasePayload):
    pass


@strawberry.type
class RejectRequestPayload(CasePayload):
    pass


@strawberry.type
class WithdrawRequestPayload(CasePayload):
    pass
