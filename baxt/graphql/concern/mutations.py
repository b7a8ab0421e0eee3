from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.concern.service import ReportAnswer
from baxt.domain.concern import ReportedChild, Reporter, ReportPlace
from baxt.domain.errors import DomainError
from baxt.domain.values import Child, Household
from baxt.graphql.after_commit import say_after_commit, shown_after_commit
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.concern.ids import report_uuid
from baxt.graphql.concern.inputs import (
    CloseConcernReportInput,
    LinkConcernReportInput,
    OpenCaseFromConcernReportInput,
    ReceiveConcernReportInput,
)
from baxt.graphql.concern.types import ConcernReport
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.core.user_errors import UserError, user_errors

CHANGE = [Needs(Operation.CHANGE_CASES)]


@strawberry.type
class ConcernReportPayload:
    report: ConcernReport | None
    user_errors: list[UserError]


async def _answered(
    info: Info, command: Callable[[], Awaitable[ReportAnswer]]
) -> ConcernReportPayload:
    """The payload of a command on a report: the report as saved, once its read is in the
    access log; a refused command becomes userErrors."""
    try:
        answer = await command()
    except DomainError as error:
        return ConcernReportPayload(report=None, user_errors=user_errors(error))
    say_after_commit(info, answer.after)
    if not await shown_after_commit(info, answer.row.report_id):
        return ConcernReportPayload(report=None, user_errors=[])
    return ConcernReportPayload(report=ConcernReport.from_row(answer.row), user_errors=[])


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Receives a report of concern (a hotline call, a neighbour, a school, the"
        " mahalla's team) without a PINFL into its district's triage queue; the answer holds"
        " the reference to read out to the reporter.",
        permission_classes=[Needs(Operation.FLAG_CHILDREN)],
    )
    async def receive_concern_report(
        self, info: Info, input: ReceiveConcernReportInput
    ) -> ConcernReportPayload:
        concerns, view = info.context.services.concerns, info.context.view
        return await _answered(
            info,
            lambda: concerns.receive(
                view,
                reporter=Reporter(**vars(input.reporter)),
                child=ReportedChild(**vars(input.child)),
                place=ReportPlace(**vars(input.place)),
            ),
        )

    @strawberry.mutation(
        description="Links a waiting report to the case of the child it was about; the case's"
        " history records the report's reference.",
        permission_classes=CHANGE,
    )
    async def link_concern_report(
        self, info: Info, input: LinkConcernReportInput
    ) -> ConcernReportPayload:
        concerns, view = info.context.services.concerns, info.context.view
        return await _answered(
            info,
            lambda: concerns.link(view, report_uuid(input.report_id), case_uuid(input.case_id)),
        )

    @strawberry.mutation(
        description="Flags the child a waiting report was about, once identified (as flagChild"
        " does, the source following the reporter), and links the report to their case.",
        permission_classes=[Needs(Operation.CHANGE_CASES, Operation.FLAG_CHILDREN)],
    )
    async def open_case_from_concern_report(
        self, info: Info, input: OpenCaseFromConcernReportInput
    ) -> ConcernReportPayload:
        concerns, view = info.context.services.concerns, info.context.view
        return await _answered(
            info,
            lambda: concerns.open_case(
                view,
                report_uuid(input.report_id),
                child=Child(**vars(input.child)),
                household=Household(**vars(input.household)),
                indicators=input.indicators,
                note=input.note,
            ),
        )

    @strawberry.mutation(
        description="Closes a waiting report without a case, for a reason.",
        permission_classes=CHANGE,
    )
    async def close_concern_report(
        self, info: Info, input: CloseConcernReportInput
    ) -> ConcernReportPayload:
        concerns, view = info.context.services.concerns, info.context.view
        return await _answered(
            info,
            lambda: concerns.close(
                view, report_uuid(input.report_id), reason=input.reason, note=input.note
            ),
        )
