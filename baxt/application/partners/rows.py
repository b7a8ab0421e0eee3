"""A referral as its partner sees it, decoded from its `partner_referral` row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from baxt.application.pii.sealed_dates import day_of
from baxt.domain import validation as check
from baxt.domain.referrals import ProgressKind, ReferralOutcome
from baxt.domain.values import Need, NeedDomain, NeedLevel, ReferralStatus


@dataclass(frozen=True)
class ProgressEntry:
    """One step of a partner's work on a referral."""

    kind: ProgressKind
    note: str
    certificate_number: str | None
    recorded_at: datetime


@dataclass(frozen=True)
class PartnerReferralRow:
    """What a partner may know of a referral: the child's name and age (never the PINFL nor
    the birth date), the guardian to contact, the needs its service works on, its steps."""

    referral_id: str
    case_id: UUID
    organisation_id: str
    service_id: str | None
    service_category: str
    provider: str
    reason: str
    status: ReferralStatus
    child_full_name: str
    child_age: int
    guardian_name: str
    guardian_phone: str
    region: str
    district: str
    needs: tuple[Need, ...]
    progress: tuple[ProgressEntry, ...]
    outcome: ReferralOutcome | None
    answer_note: str | None
    created_at: datetime
    updated_at: datetime


def progress_entries(data: list[dict[str, Any]]) -> tuple[ProgressEntry, ...]:
    return tuple(
        ProgressEntry(
            kind=ProgressKind(e["kind"]),
            note=e["note"],
            certificate_number=e["certificate_number"],
            recorded_at=datetime.fromisoformat(e["recorded_at"]),
        )
        for e in data
    )


def partner_referral_row(row: dict[str, Any], today: date) -> PartnerReferralRow:
    """The row of `partner_referral` as the driver gives it, the child's age as of `today`."""
    return PartnerReferralRow(
        referral_id=row["referral_id"],
        case_id=row["case_id"],
        organisation_id=row["organisation_id"],
        service_id=row["service_id"],
        service_category=row["service_category"],
        provider=row["provider"],
        reason=row["reason"],
        status=ReferralStatus(row["status"]),
        child_full_name=row["full_name"],
        child_age=check.age_on(day_of(row["birth_date"]), today),
        guardian_name=row["guardian_name"],
        guardian_phone=row["guardian_phone"],
        region=row["region"],
        district=row["district"],
        needs=tuple(
            Need(NeedDomain(n["domain"]), NeedLevel(n["level"]), n["note"]) for n in row["needs"]
        ),
        progress=progress_entries(row["progress"]),
        outcome=ReferralOutcome(row["outcome"]) if row["outcome"] else None,
        answer_note=row["answer_note"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
