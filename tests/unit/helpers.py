from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.saving import Saved
from baxt.domain.case import Case
from baxt.domain.pinfl import make_pinfl
from baxt.domain.values import (
    CaseStatus,
    Child,
    CloseReason,
    ContactOutcome,
    FlagSource,
    Household,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    Sex,
    Visit,
)

NOW = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)
BIRTH_DATE = date(2015, 3, 4)
ACTOR = "caseworker-7"
CASE_KEY = b"unit-test-case-key"


def a_child(birth_date: date = BIRTH_DATE, sex: Sex = Sex.FEMALE, serial: int = 345) -> Child:
    return Child(
        personal_id=make_pinfl(birth_date, sex, district=12, serial=serial),
        full_name="Aziza Karimova",
        birth_date=birth_date,
        sex=sex,
    )


def a_household() -> Household:
    return Household(
        guardian_name="Dilnoza Karimova",
        guardian_phone="+998901234567",
        region="Tashkent",
        district="Yunusobod",
        mahalla="Bodomzor",
    )


def a_visit(*, child_seen: bool = True, at: datetime = NOW) -> Visit:
    return Visit(
        visited_at=at,
        child_seen=child_seen,
        guardian_present=True,
        observations="The family was at home.",
        safety_concern=False,
    )


def some_needs() -> list[Need]:
    return [Need(NeedDomain.HEALTH, NeedLevel.HIGH, "no vaccination record")]


def a_plan() -> list[PlanItem]:
    return [PlanItem("Vaccinations brought up to date", "HEALTH_CLINIC", date(2026, 6, 30))]


def flagged_case(
    *,
    now: datetime = NOW,
    child: Child | None = None,
    household: Household | None = None,
    indicators: Sequence[str] = ("NO_BIRTH_REGISTRATION",),
) -> Case:
    return Case.flag(
        case_id=uuid4(),
        child=child or a_child(),
        household=household or a_household(),
        source=FlagSource.RISK_SCREENING,
        indicators=indicators,
        note="",
        actor=ACTOR,
        now=now,
    )


def reach_family(case: Case) -> None:
    case.record_contact_attempt(
        outcome=ContactOutcome.REACHED,
        visit_scheduled_at=NOW + timedelta(days=2),
        note="",
        actor=ACTOR,
    )


def visit(case: Case, *, child_seen: bool = True) -> None:
    case.record_visit(visit=a_visit(child_seen=child_seen), actor=ACTOR, now=NOW)


def consult(case: Case) -> None:
    case.record_consultation(needs=some_needs(), plan=a_plan(), note="", actor=ACTOR)


def refer(case: Case, *, consent_given: bool = True) -> str:
    return case.refer(
        service_category="HEALTH_CLINIC",
        provider="Polyclinic No. 12",
        reason="Vaccinations are overdue",
        consent_given=consent_given,
        actor=ACTOR,
    )


def close(case: Case, reason: CloseReason = CloseReason.MOVED) -> None:
    case.close(reason=reason, note="", actor=ACTOR)


def case_in(status: CaseStatus) -> Case:
    """A case brought to `status` by allowed moves, its events already collected."""
    case = flagged_case()
    if status is CaseStatus.CONTACTED:
        reach_family(case)
    if status in (CaseStatus.VISITED, CaseStatus.CONSULTED, CaseStatus.REFERRED):
        visit(case)
    if status in (CaseStatus.CONSULTED, CaseStatus.REFERRED):
        consult(case)
    if status is CaseStatus.REFERRED:
        refer(case)
    if status is CaseStatus.CLOSED:
        close(case)
    case.collect_events()
    assert case.status is status
    return case


def an_application(now: datetime = NOW) -> CaseApplication:
    return CaseApplication(case_key=CASE_KEY, clock=lambda: now)


def flag_child(
    app: CaseApplication,
    child: Child | None = None,
    source: FlagSource = FlagSource.RISK_SCREENING,
    indicators: Sequence[str] = ("NO_BIRTH_REGISTRATION",),
) -> Saved:
    return app.flag_child(
        child=child or a_child(),
        household=a_household(),
        source=source,
        indicators=indicators,
        note="",
        actor=ACTOR,
    )


def read_case(app: CaseApplication, case_id: UUID) -> Case:
    case: object = app.repository.get(case_id)
    assert isinstance(case, Case)
    return case
