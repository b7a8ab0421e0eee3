"""A case as the `case_summary` read model holds it: decoded from its row, or taken from the
aggregate just saved or replayed; masked per reader."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from baxt.application.access.masks import FieldMasks
from baxt.application.access.scope import CaseFacts
from baxt.application.pii.sealed_dates import day_of
from baxt.domain.approvals import ApprovalKind, PendingApproval, WaitingTransfer
from baxt.domain.case import Case
from baxt.domain.values import (
    CaseStatus,
    Child,
    CloseReason,
    EscalationLevel,
    FlagReason,
    FlagSource,
    Goal,
    GoalNote,
    GoalStatus,
    Household,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    Referral,
    ReferralStatus,
    RegistryCategory,
    RiskLevel,
    Sex,
    Visit,
)


@dataclass(frozen=True)
class CaseRow:
    """A case as the `case_summary` read model holds it, in the shape every release since
    1220331 has read it back in (a store it wrote must read back unchanged); what later
    releases hold beside it is in `CaseSummary`."""

    case_id: UUID
    status: CaseStatus
    quarter: str
    source: FlagSource
    indicators: tuple[str, ...]
    child: Child
    household: Household
    contact_attempts: int
    visit_scheduled_at: datetime | None
    child_seen: bool
    visits: tuple[Visit, ...]
    needs: tuple[Need, ...]
    plan: tuple[PlanItem, ...]
    referrals: tuple[Referral, ...]
    close_reason: CloseReason | None
    caseworker: str | None
    visit_due_on: date | None
    escalation: EscalationLevel | None
    version: int
    flagged_at: datetime
    updated_at: datetime
    flag_reason: FlagReason | None = None

    @property
    def facts(self) -> CaseFacts:
        """What decides who reaches the case: its place and its caseworker."""
        place = self.household
        return CaseFacts(place.region, place.district, place.mahalla, self.caseworker)


@dataclass(frozen=True)
class CaseSummary(CaseRow):
    """A case as the `case_summary` read model holds it now: its `CaseRow`, which keeps the
    shape every earlier release read a case back in, and what later releases added to it.

    `follow_ups`: the calls (after a visit) and visits (after the
    consultation) of this episode that kept the case's status; `last_follow_up_at`: when
    the latest one was made, a visit's time or a call's recording; `pending_approval`: what
    waits for a supervisor's decision (a closure, a revision, a transfer), without its free
    text; `pending_transfer`: the transfer waiting for the receiving district, without its
    reason.
    """

    follow_ups: int = 0
    last_follow_up_at: datetime | None = None
    pending_approval: PendingApproval | None = None
    goals: tuple[Goal, ...] = ()
    last_reviewed_on: date | None = None
    risk_level: RiskLevel | None = None
    next_review_due: date | None = None
    pending_transfer: WaitingTransfer | None = None
    registry_category: RegistryCategory | None = None
    household_id: UUID | None = None
    merged_into: UUID | None = None
    merged_cases: tuple[UUID, ...] = ()
    not_duplicates: tuple[UUID, ...] = ()


def case_summary_of(case: Case) -> CaseSummary:
    """The case in exactly the shape its `case_summary` row has at `case.version`."""
    return CaseSummary(
        **vars(case_row_of(case)),
        follow_ups=case.follow_ups,
        last_follow_up_at=case.last_follow_up_at,
        pending_approval=pending_approval_of(case),
        goals=tuple(case.goals),
        last_reviewed_on=case.last_reviewed_on,
        risk_level=case.risk_level,
        next_review_due=case.next_review_due,
        pending_transfer=case.pending_transfer.waiting() if case.pending_transfer else None,
        registry_category=case.registry_category,
        household_id=case.household_id,
        merged_into=case.merged_into,
        merged_cases=case.merged_cases,
        not_duplicates=case.not_duplicates,
    )


def pending_approval_of(case: Case) -> PendingApproval | None:
    """What waits on the case for a supervisor's decision, without its free text."""
    if case.pending_closure is not None:
        return PendingApproval.of_closure(case.pending_closure)
    if case.pending_revision is not None:
        return PendingApproval.of_request(ApprovalKind.WORK_PLAN, case.pending_revision)
    if case.pending_transfer_approval is not None:
        return PendingApproval.of_request(ApprovalKind.TRANSFER, case.pending_transfer_approval)
    return None


def case_summary(row: dict[str, Any]) -> CaseSummary:
    """The CaseSummary of a `case_summary` row as the database driver gives it."""
    return CaseSummary(
        **vars(case_row(row)),
        follow_ups=row["follow_ups"],
        last_follow_up_at=row["last_follow_up_at"],
        pending_approval=_pending_approval(row) if row["pending_approval"] else None,
        goals=tuple(_goal(g) for g in row["goals"]),
        last_reviewed_on=row["last_reviewed_on"],
        risk_level=RiskLevel(row["risk_level"]) if row["risk_level"] else None,
        next_review_due=row["next_review_due"],
        pending_transfer=_waiting_transfer(row) if row["transfer_district"] else None,
        registry_category=_registry_category(row["registry_category"]),
        household_id=row["household_id"],
        merged_into=row.get("merged_into"),
        merged_cases=tuple(row.get("merged_cases") or ()),
        not_duplicates=tuple(row.get("not_duplicates") or ()),
    )


def case_row_of(case: Case) -> CaseRow:
    """The case in exactly the shape the `case_summary` read model holds it at `case.version`."""
    return CaseRow(
        case_id=case.id,
        status=case.status,
        quarter=case.quarter,
        source=case.source,
        indicators=tuple(case.indicators),
        child=case.child,
        household=case.household,
        contact_attempts=case.contact_attempts,
        visit_scheduled_at=case.visit_scheduled_at,
        child_seen=case.child_seen,
        visits=tuple(case.visits),
        needs=tuple(case.needs),
        plan=tuple(case.plan),
        referrals=tuple(case.referrals),
        close_reason=case.close_reason,
        caseworker=case.caseworker,
        visit_due_on=case.visit_due_on,
        escalation=case.escalation,
        version=case.version,
        flagged_at=case.created_on,
        updated_at=case.modified_on,
        flag_reason=case.reason,
    )


Row = TypeVar("Row", bound=CaseRow)


def masked_row(row: Row, masks: FieldMasks) -> Row:
    """The case with the fields `masks` hides masked: PINFL, guardian's phone, observations."""
    if not masks.masked:
        return row
    child, household = row.child, row.household
    return dataclasses.replace(
        row,
        child=dataclasses.replace(child, personal_id=masks.pinfl(child.personal_id)),
        household=dataclasses.replace(
            household, guardian_phone=masks.phone(household.guardian_phone)
        ),
        visits=tuple(
            dataclasses.replace(v, observations=masks.observations(v.observations))
            for v in row.visits
        ),
    )


def case_row(row: dict[str, Any]) -> CaseRow:
    """The CaseRow of a `case_summary` row as the database driver gives it."""
    return CaseRow(
        case_id=row["case_id"],
        status=CaseStatus(row["status"]),
        quarter=row["quarter"],
        source=FlagSource(row["source"]),
        indicators=tuple(row["indicators"]),
        child=Child(
            personal_id=row["personal_id"],
            full_name=row["full_name"],
            birth_date=day_of(row["birth_date"]),
            sex=Sex(row["sex"]),
        ),
        household=Household(
            guardian_name=row["guardian_name"],
            guardian_phone=row["guardian_phone"],
            region=row["region"],
            district=row["district"],
            mahalla=row["mahalla"],
        ),
        contact_attempts=row["contact_attempts"],
        visit_scheduled_at=row["visit_scheduled_at"],
        child_seen=row["child_seen"],
        visits=tuple(_visit(v) for v in row["visits"]),
        needs=tuple(
            Need(NeedDomain(n["domain"]), NeedLevel(n["level"]), n["note"]) for n in row["needs"]
        ),
        plan=tuple(
            PlanItem(p["goal"], p["service_category"], date.fromisoformat(p["due_on"]))
            for p in row["plan"]
        ),
        referrals=tuple(
            Referral(
                r["id"],
                r["service_category"],
                r["provider"],
                r["reason"],
                ReferralStatus(r["status"]),
                r.get("organisation_id"),
                r.get("service_id"),
            )
            for r in row["referrals"]
        ),
        close_reason=CloseReason(row["close_reason"]) if row["close_reason"] else None,
        caseworker=row["caseworker"],
        visit_due_on=row["visit_due_on"],
        escalation=EscalationLevel(row["escalation"]) if row["escalation"] else None,
        version=row["version"],
        flagged_at=row["flagged_at"],
        updated_at=row["updated_at"],
        flag_reason=_flag_reason(row["flag_reason"]) if row["flag_reason"] else None,
    )


def _pending_approval(row: dict[str, Any]) -> PendingApproval:
    reason = row["approval_close_reason"]
    return PendingApproval(
        kind=ApprovalKind(row["pending_approval"]),
        requested_by=row["approval_requested_by"],
        requested_at=row["approval_requested_at"],
        close_reason=CloseReason(reason) if reason else None,
    )


def _waiting_transfer(row: dict[str, Any]) -> WaitingTransfer:
    return WaitingTransfer(
        region=row["transfer_region"],
        district=row["transfer_district"],
        mahalla=row["transfer_mahalla"],
        requested_by=row["transfer_requested_by"],
        requested_at=row["transfer_requested_at"],
    )


def _registry_category(value: str | None) -> RegistryCategory | None:
    return RegistryCategory(value) if value else None


def _flag_reason(data: dict[str, Any]) -> FlagReason:
    return FlagReason(data["rule_set"], float(data["score"]), tuple(data["indicators"]))


def _visit(data: dict[str, Any]) -> Visit:
    return Visit(
        visited_at=datetime.fromisoformat(data["visited_at"]),
        child_seen=data["child_seen"],
        guardian_present=data["guardian_present"],
        observations=data["observations"],
        safety_concern=data["safety_concern"],
    )


def _goal(data: dict[str, Any]) -> Goal:
    return Goal(
        id=data["id"],
        text=data["text"],
        service_category=data["service_category"],
        due_on=date.fromisoformat(data["due_on"]),
        status=GoalStatus(data["status"]),
        notes=tuple(
            GoalNote(n["text"], datetime.fromisoformat(n["noted_at"]), n["actor"])
            for n in data["notes"]
        ),
    )
