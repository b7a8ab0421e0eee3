from __future__ import annotations

import datetime as dt

import strawberry

import baxt.graphql.cases.enums  # noqa: F401 - registers the domain enums with Strawberry
from baxt.domain import values


@strawberry.input
class ChildInput:
    personal_id: str = strawberry.field(description="PINFL: 14 digits.")
    full_name: str
    birth_date: dt.date
    sex: values.Sex


@strawberry.input
class HouseholdInput:
    guardian_name: str
    guardian_phone: str = strawberry.field(description="International form, e.g. +998901234567.")
    region: str
    district: str
    mahalla: str


@strawberry.input
class FlagChildInput:
    child: ChildInput
    household: HouseholdInput
    source: values.FlagSource
    indicators: list[str] = strawberry.field(default_factory=list)
    note: str = ""
    registry_category: values.RegistryCategory | None = strawberry.field(
        default=None, description="The family's class in the Social Registry, when known."
    )
    mahalla_role: values.MahallaRole | None = strawberry.field(
        default=None,
        description="The role of the mahalla team's member who flags; only with MAHALLA_TEAM.",
    )


@strawberry.input
class RecordContactAttemptInput:
    case_id: strawberry.ID
    outcome: values.ContactOutcome
    visit_scheduled_at: dt.datetime | None = None
    note: str = ""
    expected_version: int | None = None


@strawberry.input
class RecordVisitInput:
    case_id: strawberry.ID
    visited_at: dt.datetime
    child_seen: bool
    guardian_present: bool
    observations: str = ""
    safety_concern: bool = False
    expected_version: int | None = None


@strawberry.input
class NeedInput:
    domain: values.NeedDomain
    level: values.NeedLevel
    note: str = ""


@strawberry.input
class PlanItemInput:
    goal: str
    service_category: str
    due_on: dt.date


@strawberry.input
class RecordConsultationInput:
    case_id: strawberry.ID
    needs: list[NeedInput]
    plan: list[PlanItemInput] = strawberry.field(default_factory=list)
    note: str = ""
    expected_version: int | None = None


@strawberry.input
class ReferCaseInput:
    case_id: strawberry.ID
    service_category: str = strawberry.field(
        description="The kind of service; a directory service given as serviceId sets it."
    )
    provider: str
    reason: str
    consent_given: bool
    expected_version: int | None = None
    service_id: str | None = strawberry.field(
        default=None, description="A service of the directory; its organisation receives it."
    )
    organisation_id: str | None = strawberry.field(
        default=None,
        description="A partner organisation of the directory; needs consent to share with it.",
    )


@strawberry.input
class CloseCaseInput:
    case_id: strawberry.ID
    reason: values.CloseReason
    note: str = ""
    expected_version: int | None = None


@strawberry.input
class ReopenCaseInput:
    case_id: strawberry.ID
    reason: str
    expected_version: int | None = None


@strawberry.input
class CaseFilter:
    status: list[values.CaseStatus] | None = None
    region: str | None = None
    district: str | None = None
    mahalla: str | None = None
    quarter: str | None = None
    source: values.FlagSource | None = None
    search: str | None = strawberry.field(
        default=None,
        description="A name prefix (each word the start of one of the child's names) or a PINFL.",
    )
    without_work_plan: bool | None = strawberry.field(
        default=None,
        description="true: only the consulted and referred cases with no work plan (no goal"
        " that is not dropped); false: only those with one.",
    )
    caseworker: str | None = strawberry.field(
        default=None, description="Only the cases assigned to this caseworker (a user ID)."
    )
    unassigned: bool | None = strawberry.field(
        default=None,
        description="true: only the cases with no caseworker; false: only those with one.",
    )
    escalated: bool | None = strawberry.field(
        default=None,
        description="true: only the cases escalated (to a supervisor or for police"
        " assistance) in this episode; false: only those not.",
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="true: only the open cases whose planned quarter's visit was due before"
        " today (Asia/Tashkent) and did not yet see the child that quarter, as the reminders"
        " count them; false: every other case.",
    )
    safety_concern: bool | None = strawberry.field(
        default=None,
        description="true: only the cases with a visit that noted a safety concern; false:"
        " only those without one.",
    )
    due_before: dt.date | None = strawberry.field(
        default=None, description="Only the cases whose planned visit is due on or before this day."
    )
    due_after: dt.date | None = strawberry.field(
        default=None, description="Only the cases whose planned visit is due on or after this day."
    )
    awaiting_approval: bool | None = strawberry.field(
        default=None,
        description="true: only the cases with a request (a closure, a work plan revision or"
        " a transfer) waiting for a supervisor's decision; false: only those with none.",
    )
    registry_category: values.RegistryCategory | None = strawberry.field(
        default=None, description="Only the cases whose family is in this Social Registry class."
    )


@strawberry.input
class AssignCaseInput:
    case_id: strawberry.ID
    caseworker: str = strawberry.field(description="The user ID of a caseworker on the roster.")
    reason: str = ""
    expected_version: int | None = None
