from __future__ import annotations

import datetime as dt
from uuid import UUID

import strawberry
from strawberry.scalars import JSON

import baxt.graphql.cases.enums
import baxt.graphql.partners.enums  # noqa: F401 - registers the referral enums
from baxt.application.cases.actions import actions_for
from baxt.application.cases.application import HistoryEntry
from baxt.application.cases.histories import HistoryPage
from baxt.application.cases.rows import CaseSummary
from baxt.domain import approvals, values
from baxt.domain.case.actions import CaseAction
from baxt.domain.quarter import local_date
from baxt.domain.referrals import ProgressKind
from baxt.domain.validation import age_on
from baxt.graphql.core.connection import Connection, Edge, counted, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import camel_keys
from baxt.graphql.core.node import Node, global_id
from baxt.graphql.core.pagination import cursor_position, encode_cursor, page_size
from baxt.graphql.households.ids import household_global_id

CASE_TYPE = "Case"


@strawberry.type
class Child:
    personal_id: str = strawberry.field(description="PINFL: 14 digits.")
    full_name: str
    birth_date: dt.date
    sex: values.Sex

    @strawberry.field(description="Whole years of age today, Asia/Tashkent.")
    def age_years(self) -> int:
        return age_on(self.birth_date, local_date(dt.datetime.now(dt.UTC)))


@strawberry.type
class Household:
    guardian_name: str
    guardian_phone: str
    region: str
    district: str
    mahalla: str
    id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The household record the case is linked to (a HouseholdRecord), where"
        " the siblings' cases are; null when it is linked to none.",
    )


@strawberry.type
class Visit:
    visited_at: dt.datetime
    child_seen: bool
    guardian_present: bool
    safety_concern: bool
    observations: str


@strawberry.type
class Need:
    domain: values.NeedDomain
    level: values.NeedLevel
    note: str


@strawberry.type
class PlanItem:
    goal: str
    service_category: str
    due_on: dt.date


@strawberry.type(description="A note on a goal's progress, from a revision of the work plan.")
class GoalNote:
    text: str
    noted_at: dt.datetime
    actor: str


@strawberry.type(description="A goal of the individual work plan, as its revisions keep it up.")
class Goal:
    id: strawberry.ID = strawberry.field(description="The goal's ID, the same in every revision.")
    text: str
    status: values.GoalStatus
    service_category: str
    due_on: dt.date
    notes: list[GoalNote] = strawberry.field(description="Progress notes, oldest first.")

    @classmethod
    def of(cls, goal: values.Goal) -> Goal:
        return cls(
            id=strawberry.ID(goal.id),
            text=goal.text,
            status=goal.status,
            service_category=goal.service_category,
            due_on=goal.due_on,
            notes=[GoalNote(**vars(n)) for n in goal.notes],
        )


@strawberry.type(description="One step a partner recorded on a referral.")
class ReferralStep:
    kind: ProgressKind
    note: str
    certificate_number: str | None
    recorded_at: dt.datetime


@strawberry.type
class Referral:
    id: strawberry.ID
    service_category: str
    provider: str
    reason: str
    status: values.ReferralStatus
    organisation_id: str | None = strawberry.field(
        default=None, description="The partner organisation it was made to, if any."
    )
    service_id: str | None = strawberry.field(
        default=None, description="The directory service it was made to, if any."
    )

    @strawberry.field(description="Each step the partner recorded, oldest first.")
    async def steps(self, info: Info) -> list[ReferralStep]:
        if self.organisation_id is None:
            return []
        found = await info.context.loaders.referral_steps.load(str(self.id))
        return [ReferralStep(**vars(e)) for e in found]


@strawberry.type(description="One event in a case's history, as recorded in the event store.")
class CaseEvent:
    sequence: int = strawberry.field(description="The case version this event made.")
    type: str = strawberry.field(description="The event's name, e.g. Visited.")
    occurred_at: dt.datetime
    actor: str
    data: JSON

    @classmethod
    def from_entry(cls, entry: HistoryEntry) -> CaseEvent:
        return cls(
            sequence=entry.sequence,
            type=entry.type,
            occurred_at=entry.occurred_at,
            actor=entry.actor,
            data=camel_keys(entry.data),
        )


@strawberry.type(description="Why a screening flagged a child.")
class FlagReason:
    rule_set: str = strawberry.field(
        description="The rule set and its version, e.g. ANY_3_OF_44@1."
    )
    score: float
    indicators: list[str] = strawberry.field(description="The indicators met, catalogue order.")


@strawberry.type(description="A caseworker's request waiting for a supervisor's decision.")
class PendingApproval:
    kind: approvals.ApprovalKind
    requested_by: str = strawberry.field(description="The user who asked.")
    requested_at: dt.datetime
    close_reason: values.CloseReason | None = strawberry.field(
        description="The reason a requested closure would close the case for."
    )


@strawberry.type(description="A transfer waiting for the receiving district's supervisor.")
class PendingTransfer:
    region: str = strawberry.field(description="Where the family moves.")
    district: str
    mahalla: str
    requested_by: str = strawberry.field(description="The user who asked.")
    requested_at: dt.datetime


@strawberry.type(
    name="Case", description="A child's case, as the case_summary read model holds it."
)
class CaseNode(Node):
    case_id: strawberry.Private[UUID]
    summary: strawberry.Private[CaseSummary]
    status: values.CaseStatus
    quarter: str
    source: values.FlagSource
    indicators: list[str]
    child: Child
    household: Household
    contact_attempts: int
    visit_scheduled_at: dt.datetime | None
    child_seen: bool
    visits: list[Visit]
    needs: list[Need]
    plan: list[PlanItem] = strawberry.field(
        description="The work plan as the consultation set it; `goals` is the plan kept up."
    )
    goals: list[Goal] = strawberry.field(
        description="The individual work plan's goals, open, achieved and dropped, in order."
    )
    referrals: list[Referral]
    close_reason: values.CloseReason | None
    caseworker: str | None = strawberry.field(description="The user the case is assigned to.")
    visit_due_on: dt.date | None = strawberry.field(
        description="When this quarter's planned home visit is due."
    )
    escalation: values.EscalationLevel | None = strawberry.field(
        description="The latest escalation in this episode, if any."
    )
    version: int
    flagged_at: dt.datetime
    updated_at: dt.datetime
    flag_reason: FlagReason | None = strawberry.field(
        description="Why the latest risk screening flagged the child: rule set, score, indicators."
    )
    follow_ups: int = strawberry.field(
        default=0,
        description="The follow-ups of this episode: calls after a visit and visits"
        " after the consultation, which keep the case's status.",
    )
    last_follow_up_at: dt.datetime | None = strawberry.field(
        default=None,
        description="When the latest follow-up was made: a visit's time, or when a call was"
        " recorded.",
    )
    last_reviewed_on: dt.date | None = strawberry.field(
        default=None, description="When the case was last reviewed; none before a review."
    )
    risk_level: values.RiskLevel | None = strawberry.field(
        default=None, description="The risk the last review found."
    )
    next_review_due: dt.date | None = strawberry.field(
        default=None, description="When the next review is due, as the last review set it."
    )
    pending_approval: PendingApproval | None = strawberry.field(
        default=None,
        description="A request waiting for a supervisor (a closure, a work plan revision or a"
        " transfer): until it is approved the case goes on as it is.",
    )
    pending_transfer: PendingTransfer | None = strawberry.field(
        default=None,
        description="A transfer waiting for the receiving district: until it is accepted the"
        " case stays where it is.",
    )
    registry_category: values.RegistryCategory | None = strawberry.field(
        default=None, description="The family's Social Registry class, as the latest flag gave it."
    )
    merged_into: strawberry.ID | None = strawberry.field(
        default=None,
        description="The case this one was merged into as a duplicate (it closed as"
        " DUPLICATE); null when it was not merged.",
    )
    merged_cases: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="The duplicate cases merged into this one, oldest merge first; each keeps"
        " its own history.",
    )

    @strawberry.field(
        description="The commands you may issue on this case as it stands here (for"
        " caseAsOf, as it stood then), from its status, any request waiting for a decision,"
        " and your role: the buttons that will work."
    )
    def allowed_actions(self, info: Info) -> list[CaseAction]:
        return actions_for(info.context.caller, self.summary)

    @strawberry.field(
        description="The case's events up to this case's version, oldest first, read from the"
        " event store."
    )
    async def history(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CaseEvent]:
        size, _ = page_size(first, None, default=50, cap=info.context.max_page_size)
        start = cursor_position(after) if after else 0
        page = HistoryPage(self.case_id, after=start, limit=size + 1)
        # None: the read model shows the caller no such case (out of reach, or not projected
        # yet after the mutation that answers it); a case in hand answers an empty history
        # rather than turn a committed mutation's answer into an error.
        found = await info.context.loaders.history.load(page)
        entries = [e for e in found or () if e.sequence <= self.version]
        edges = [
            Edge(cursor=encode_cursor(str(e.sequence)), node=CaseEvent.from_entry(e))
            for e in entries[:size]
        ]
        return Connection(
            page_info=page_info(edges, has_next=len(entries) > size, has_previous=start > 0),
            edges=edges,
            total=counted(self.version if found is not None else 0),
        )

    @classmethod
    def from_row(cls, row: CaseSummary) -> CaseNode:
        return cls(
            id=global_id(CASE_TYPE, str(row.case_id)),
            case_id=row.case_id,
            summary=row,
            status=row.status,
            quarter=row.quarter,
            source=row.source,
            indicators=list(row.indicators),
            child=Child(**vars(row.child)),
            household=Household(**vars(row.household), id=_household_id(row)),
            contact_attempts=row.contact_attempts,
            visit_scheduled_at=row.visit_scheduled_at,
            child_seen=row.child_seen,
            visits=[Visit(**vars(v)) for v in row.visits],
            needs=[Need(**vars(n)) for n in row.needs],
            plan=[PlanItem(**vars(p)) for p in row.plan],
            goals=[Goal.of(g) for g in row.goals],
            referrals=[Referral(**vars(r)) for r in row.referrals],
            close_reason=row.close_reason,
            caseworker=row.caseworker,
            visit_due_on=row.visit_due_on,
            escalation=row.escalation,
            version=row.version,
            flagged_at=row.flagged_at,
            updated_at=row.updated_at,
            flag_reason=FlagReason(**vars(row.flag_reason)) if row.flag_reason else None,
            follow_ups=row.follow_ups,
            last_follow_up_at=row.last_follow_up_at,
            last_reviewed_on=row.last_reviewed_on,
            risk_level=row.risk_level,
            next_review_due=row.next_review_due,
            pending_approval=(
                PendingApproval(**vars(row.pending_approval)) if row.pending_approval else None
            ),
            pending_transfer=(
                PendingTransfer(**vars(row.pending_transfer)) if row.pending_transfer else None
            ),
            registry_category=row.registry_category,
            merged_into=_case_id(row.merged_into),
            merged_cases=[global_id(CASE_TYPE, str(case_id)) for case_id in row.merged_cases],
        )


def _case_id(case_id: UUID | None) -> strawberry.ID | None:
    return global_id(CASE_TYPE, str(case_id)) if case_id else None


def _household_id(row: CaseSummary) -> strawberry.ID | None:
    return household_global_id(row.household_id) if row.household_id else None
