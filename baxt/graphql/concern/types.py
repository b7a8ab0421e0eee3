"""A report of concern as the API shows it; every read of one is in the access log."""

from __future__ import annotations

import datetime as dt

import strawberry

import baxt.graphql.concern.enums  # noqa: F401
from baxt.application.concern.rows import ConcernReportRow
from baxt.domain.concern import ReportCloseReason, ReporterKind, ReportStatus
from baxt.domain.languages import Language
from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.core.node import Node, global_id

CONCERN_REPORT_TYPE = "ConcernReport"


@strawberry.type(description="Who made a report, and whether they may be contacted.")
class ConcernReporter:
    kind: ReporterKind
    name: str
    contact: str = strawberry.field(description="A phone or e-mail; masked as a phone is.")
    may_contact: bool
    language: Language = strawberry.field(description="The language of the closing notice.")


@strawberry.type(description="What the reporter knew of the child.")
class ReportedChild:
    full_name: str
    approximate_age: int | None
    personal_id: str = strawberry.field(description="The PINFL, if the reporter knew it.")
    seen: str = strawberry.field(description="What was seen; masked as observations are.")


@strawberry.type(
    description="A report of concern about a child, received with or without a PINFL; it"
    " waits in its district's triage queue (OPEN) until linked to a case or closed."
)
class ConcernReport(Node):
    reference: str = strawberry.field(description="Read out to the reporter, e.g. R-MFRG-GZDF.")
    status: ReportStatus
    version: int
    reporter: ConcernReporter
    child: ReportedChild
    region: str
    district: str
    mahalla: str
    address: str
    received_at: dt.datetime
    received_by: str
    updated_at: dt.datetime
    case_id: strawberry.ID | None = strawberry.field(
        description="The Case the report was linked to, once LINKED."
    )
    opened_case: bool = strawberry.field(description="Whether the report opened that case.")
    close_reason: ReportCloseReason | None
    close_note: str

    @classmethod
    def from_row(cls, row: ConcernReportRow) -> ConcernReport:
        return cls(
            id=global_id(CONCERN_REPORT_TYPE, str(row.report_id)),
            reference=row.reference,
            status=row.status,
            version=row.version,
            reporter=ConcernReporter(
                kind=row.reporter_kind,
                name=row.reporter_name,
                contact=row.reporter_contact,
                may_contact=row.may_contact,
                language=row.language,
            ),
            child=ReportedChild(
                full_name=row.child_name,
                approximate_age=row.approximate_age,
                personal_id=row.personal_id,
                seen=row.seen,
            ),
            region=row.region,
            district=row.district,
            mahalla=row.mahalla,
            address=row.address,
            received_at=row.received_at,
            received_by=row.received_by,
            updated_at=row.updated_at,
            case_id=global_id(CASE_TYPE, str(row.case_id)) if row.case_id else None,
            opened_case=row.opened_case,
            close_reason=row.close_reason,
            close_note=row.close_note,
        )
