"""A report of concern as the API shows it: from its `concern_report` row, or from the
report just saved, and with the fields the caller's role sees masked."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from baxt.application.access.masks import RESTRICTED, FieldMasks, MaskedField
from baxt.domain.concern import ConcernReport, ReportCloseReason, ReporterKind, ReportStatus
from baxt.domain.languages import Language


@dataclass(frozen=True)
class ConcernReportRow:
    """One report of concern: who reported, what is known, where, and how it was handled."""

    report_id: UUID
    reference: str
    status: ReportStatus
    version: int
    region: str
    district: str
    mahalla: str
    address: str
    reporter_kind: ReporterKind
    reporter_name: str
    reporter_contact: str
    may_contact: bool
    language: Language
    child_name: str
    personal_id: str
    approximate_age: int | None
    seen: str
    received_at: datetime
    received_by: str
    updated_at: datetime
    case_id: UUID | None = None
    opened_case: bool = False
    close_reason: ReportCloseReason | None = None
    close_note: str = ""


def report_row(row: dict[str, Any]) -> ConcernReportRow:
    """The row of `concern_report` as a report."""
    reason = row["close_reason"]
    return ConcernReportRow(
        report_id=row["report_id"],
        reference=row["reference"],
        status=ReportStatus(row["status"]),
        version=row["version"],
        region=row["region"],
        district=row["district"],
        mahalla=row["mahalla"],
        address=row["address"],
        reporter_kind=ReporterKind(row["reporter_kind"]),
        reporter_name=row["reporter_name"],
        reporter_contact=row["reporter_contact"],
        may_contact=row["may_contact"],
        language=Language(row["language"]),
        child_name=row["child_name"],
        personal_id=row["personal_id"],
        approximate_age=row["approximate_age"],
        seen=row["seen"],
        received_at=row["received_at"],
        received_by=row["received_by"],
        updated_at=row["updated_at"],
        case_id=row["case_id"],
        opened_case=row["opened_case"],
        close_reason=ReportCloseReason(reason) if reason else None,
        close_note=row["close_note"],
    )


def row_of(report: ConcernReport) -> ConcernReportRow:
    """The report as saved, in the shape of its row: what a command answers with."""
    reporter, child, place = report.reporter, report.child, report.place
    return ConcernReportRow(
        report_id=report.id,
        reference=report.reference,
        status=report.status,
        version=report.version,
        region=place.region,
        district=place.district,
        mahalla=place.mahalla,
        address=place.address,
        reporter_kind=reporter.kind,
        reporter_name=reporter.name,
        reporter_contact=reporter.contact,
        may_contact=reporter.may_contact,
        language=reporter.language,
        child_name=child.full_name,
        personal_id=child.personal_id,
        approximate_age=child.approximate_age,
        seen=child.seen,
        received_at=report.created_on,
        received_by=report.received_by,
        updated_at=report.modified_on,
        case_id=report.case_id,
        opened_case=report.opened_case,
        close_reason=report.close_reason,
        close_note=report.close_note,
    )


def masked_report(row: ConcernReportRow, masks: FieldMasks) -> ConcernReportRow:
    """The report with the PINFL, the reporter's contact and what was seen masked as the
    caller's role sees a child's PINFL, a guardian's phone and a visit's observations."""
    contact = row.reporter_contact
    if contact.startswith("+"):
        contact = masks.phone(contact)
    elif contact and MaskedField.GUARDIAN_PHONE in masks.masked:
        contact = RESTRICTED
    pinfl = masks.pinfl(row.personal_id) if row.personal_id else ""
    seen = masks.observations(row.seen)
    return replace(row, personal_id=pinfl, reporter_contact=contact, seen=seen)
