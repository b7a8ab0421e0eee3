from __future__ import annotations

import strawberry

import baxt.graphql.concern.enums  # noqa: F401
from baxt.domain.concern import ReportCloseReason, ReporterKind, ReportStatus
from baxt.domain.languages import Language
from baxt.graphql.cases.inputs import ChildInput, HouseholdInput


@strawberry.input(description="Who is reporting.")
class ReporterInput:
    kind: ReporterKind
    name: str = ""
    contact: str = strawberry.field(
        default="", description="A phone (international form) or an e-mail; may be left out."
    )
    may_contact: bool = strawberry.field(
        default=False, description="Whether the reporter may be told the report was handled."
    )
    language: Language = Language.UZ_LATN


@strawberry.input(description="What is known of the child; no PINFL is needed.")
class ReportedChildInput:
    full_name: str = ""
    approximate_age: int | None = None
    seen: str = strawberry.field(default="", description="What was seen or heard.")


@strawberry.input(description="Where the child was seen; the report waits in that district.")
class ReportPlaceInput:
    region: str
    district: str
    mahalla: str = ""
    address: str = ""


@strawberry.input
class ReceiveConcernReportInput:
    reporter: ReporterInput
    child: ReportedChildInput
    place: ReportPlaceInput


@strawberry.input
class LinkConcernReportInput:
    report_id: strawberry.ID
    case_id: strawberry.ID


@strawberry.input
class OpenCaseFromConcernReportInput:
    report_id: strawberry.ID
    child: ChildInput
    household: HouseholdInput
    indicators: list[str] = strawberry.field(default_factory=list)
    note: str = ""


@strawberry.input
class CloseConcernReportInput:
    report_id: strawberry.ID
    reason: ReportCloseReason
    note: str = ""


@strawberry.input(description="Which reports the queue shows; by default every one in reach.")
class ConcernReportFilter:
    status: list[ReportStatus] | None = None
    district: list[str] | None = None
