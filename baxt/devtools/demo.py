"""The five worked cases of the e-Child Happiness brochure, set in Uzbek mahallas, over two
quarters: the first, from the flag to the referrals (and three closures), lies in the quarter
before the clock's; the second (`baxt.devtools.second_quarter`) in the clock's own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from uuid import UUID

from baxt.application.cases.application import CaseApplication, utc_now
from baxt.application.directory import SOS_ORGANISATION_ID
from baxt.devtools import second_quarter
from baxt.devtools.family import flag_siblings, register_family, visit_siblings
from baxt.devtools.second_quarter import SecondQuarter
from baxt.domain.case import Case
from baxt.domain.pinfl import make_pinfl
from baxt.domain.quarter import TASHKENT
from baxt.domain.referrals import ConsentPurpose
from baxt.domain.values import (
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

ACTOR = "demo.caseworker"
PARTNER_ORGANISATIONS = {"SOS Children's Villages Uzbekistan": SOS_ORGANISATION_ID}
"""The demo's providers that are partners in the service directory, by the name it uses."""
H, M = NeedLevel.HIGH, NeedLevel.MEDIUM


@dataclass(frozen=True)
class Story:
    """One worked case: who the child is, what was found, and where the child was referred."""

    title: str
    child: Child
    household: Household
    indicators: tuple[str, ...]
    observations: str
    needs: tuple[Need, ...]
    plan: tuple[PlanItem, ...]
    referrals: tuple[tuple[str, str, str], ...]
    closed: bool = False
    source: FlagSource = FlagSource.RISK_SCREENING
    second: SecondQuarter | None = None
    siblings: tuple[Child, ...] = ()
    """Brothers and sisters at the same household: one household record, one case each."""


def _born(years: int, days: int, today: date) -> date:
    return date(today.year - years, today.month, 1) - timedelta(days=days)


def stories(today: date) -> list[Story]:
    """The five stories, with ages that hold on `today`."""
    soon = today + timedelta(days=60)

    def child(name: str, years: int, sex: Sex, serial: int) -> Child:
        born = _born(years, 40 + serial, today)
        return Child(make_pinfl(born, sex, 26, serial), name, born, sex)

    return [
        Story(
            "A 6-year-old with delayed speech in a cramped flat",
            child("Shinxye Kim", 6, Sex.FEMALE, 101),
            Household("Kim Sanjar", "+998901110101", "Toshkent shahri", "Chilonzor", "Bunyodkor"),
            ("HOUSING_OVERCROWDING", "MISSED_CHECKUP", "KINDERGARTEN_ABSENCE"),
            "Lives with father, grandmother and aunt in 40 m2; speech well behind her peers.",
            (Need(NeedDomain.LANGUAGE, H, "delayed speech"), Need(NeedDomain.HOUSING, M, "40 m2")),
            (
                PlanItem("Weekly speech therapy", "SPEECH_THERAPY", soon),
                PlanItem("Move to a larger home", "HOUSING_SUPPORT", soon),
            ),
            (
                (
                    "INTEGRATED_CASE_MANAGEMENT",
                    "Integrated case management (Dream Start)",
                    "Delayed speech needs coordinated care",
                ),
                ("SPEECH_THERAPY", "Chilonzor speech therapy centre", "Delayed speech"),
                ("HOUSING_SUPPORT", "Tuman housing support", "Overcrowded 40 m2 flat"),
            ),
            closed=True,
        ),
        Story(
            "A single mother of four with health-insurance arrears",
            child("Jeonghwa's son Alisher", 8, Sex.MALE, 103),
            Household(
                "Jeonghwa Park",
                "+998901110202",
                "Samarqand viloyati",
                "Samarqand shahri",
                "Registon",
            ),
            ("HEALTH_INSURANCE_ARREARS", "SINGLE_GUARDIAN", "UTILITY_ARREARS"),
            "Mother (41) raises four children alone; 3+ months of health-insurance arrears.",
            (
                Need(NeedDomain.INCOME, H, "arrears over 3 months"),
                Need(NeedDomain.HEALTH, M, "insurance lapsed"),
            ),
            (PlanItem("Clear the arrears and restore insurance", "EMERGENCY_LIVING_COSTS", soon),),
            (
                (
                    "EMERGENCY_LIVING_COSTS",
                    "Emergency living-cost support",
                    "Four children, one income, arrears",
                ),
            ),
            closed=True,
            siblings=(
                child("Jeonghwa's daughter Malika", 12, Sex.FEMALE, 110),
                child("Jeonghwa's son Sardor", 5, Sex.MALE, 112),
                child("Jeonghwa's daughter Nilufar", 3, Sex.FEMALE, 114),
            ),
        ),
        Story(
            "An aggressive 9-year-old",
            child("Jeonghoon Lee", 9, Sex.MALE, 105),
            Household(
                "Lee Dilnoza", "+998901110303", "Xorazm viloyati", "Urganch shahri", "Al-Xorazmiy"
            ),
            ("SCHOOL_ABSENCE", "DOMESTIC_VIOLENCE_CALL"),
            "Throws things when angry; mother asks for help with his behaviour.",
            (Need(NeedDomain.EMOTIONAL, H, "aggression"), Need(NeedDomain.CARE, M, "parenting")),
            (
                PlanItem("Play therapy sessions", "PSYCHOLOGICAL_SUPPORT", soon),
                PlanItem("Parenting guidance for the mother", "PARENTING_SUPPORT", soon),
            ),
            (
                ("PSYCHOLOGICAL_SUPPORT", "Play therapy centre", "Aggressive behaviour"),
                ("PARENTING_SUPPORT", "SOS Children's Villages Uzbekistan", "Parenting skills"),
            ),
            source=FlagSource.MAHALLA_TEAM,
            second=second_quarter.aggression_resolved(),
        ),
        Story(
            "A 10-year-old with learning difficulties",
            child("Yevon Choi", 10, Sex.FEMALE, 107),
            Household("Choi Gulnora", "+998901110404", "Toshkent shahri", "Yunusobod", "Minor"),
            ("SCHOOL_ABSENCE", "NO_MEDICAL_VISIT_12M"),
            "Struggles to learn and to make friends at school.",
            (
                Need(NeedDomain.COGNITIVE, H, "cognitive delay"),
                Need(NeedDomain.EDUCATION, H, "falling behind"),
            ),
            (PlanItem("Learning support and mentoring", "LEARNING_SUPPORT", soon),),
            (("LEARNING_SUPPORT", "School learning-support centre", "Basic learning skills"),),
            second=second_quarter.learning_goes_on_in_chirchiq(today),
        ),
        Story(
            "A 2-year-old with a heart defect whose parents lost their jobs",
            child("Yunseo Jung", 2, Sex.FEMALE, 109),
            Household("Jung Bobur", "+998901110505", "Samarqand viloyati", "Urgut", "Navbahor"),
            ("MISSED_VACCINATION", "UNEMPLOYMENT", "HEALTH_INSURANCE_ARREARS"),
            "Congenital heart defect; special formula costs more than the family has.",
            (
                Need(NeedDomain.HEALTH, H, "heart defect"),
                Need(NeedDomain.NUTRITION, H, "formula"),
                Need(NeedDomain.EMPLOYMENT, H, "both parents out of work"),
            ),
            (
                PlanItem("Formula and medical costs covered", "MEDICAL_COSTS", soon),
                PlanItem("Parents back into work", "EMPLOYMENT_SERVICE", soon),
            ),
            (
                ("MEDICAL_COSTS", "Medical-cost sponsorship fund", "Formula and treatment"),
                ("EMPLOYMENT_SERVICE", "Employment service", "Both parents lost their jobs"),
            ),
            closed=True,
        ),
    ]


def quarter_before(now: datetime) -> datetime:
    """A moment three months before `now` on the Tashkent calendar, so in the quarter before
    its, on a day from the 4th to the 28th, so that the first quarter's visit three days
    earlier stays in that quarter."""
    local = now.astimezone(TASHKENT)
    months = local.year * 12 + local.month - 1 - 3
    day = min(max(local.day, 4), 28)
    return local.replace(year=months // 12, month=months % 12 + 1, day=day).astimezone(now.tzinfo)


def play(app: CaseApplication, story: Story, now: datetime) -> None:
    """Plays one story through the application, step by step, as a caseworker would: its first
    quarter dated in the quarter before `now`'s, its second up to `now`. A story's siblings are
    flagged beside the child, linked to one household record and visited with the child."""
    case_id = flag_story(app, story)
    siblings = _family(app, story, case_id)
    first = quarter_before(now)
    play_first_quarter(app, story, case_id, first)
    visit_siblings(app, siblings, visited_at=first - timedelta(days=3), actor=ACTOR)
    play_second_quarter(app, story, case_id, now)


def flag_story(app: CaseApplication, story: Story) -> UUID:
    """Flags the story's child; returns the case's ID."""
    return app.flag_child(
        child=story.child,
        household=story.household,
        source=story.source,
        indicators=story.indicators,
        note=story.title,
        actor=ACTOR,
    ).case_id


def play_first_quarter(app: CaseApplication, story: Story, case_id: UUID, dated: datetime) -> None:
    """The calls, the visit (three days before `dated`), the consultation, the referrals and
    maybe the closing of the story's first quarter."""
    for command in _steps(app, story, dated):
        app.change_case(case_id, command)


def play_second_quarter(app: CaseApplication, story: Story, case_id: UUID, now: datetime) -> None:
    """The story's second quarter up to `now`, if it has one."""
    if story.second is not None:
        for command in second_quarter.steps(story.second, ACTOR, now):
            app.change_case(case_id, command)


def _family(app: CaseApplication, story: Story, case_id: UUID) -> list[UUID]:
    """The siblings' cases, flagged and linked with the child's to one household record."""
    if not story.siblings:
        return []
    siblings = flag_siblings(
        app,
        story.siblings,
        story.household,
        indicators=story.indicators,
        note=story.title,
        actor=ACTOR,
    )
    register_family(app, story.household, [case_id, *siblings], actor=ACTOR)
    return siblings


def _steps(app: CaseApplication, story: Story, now: datetime) -> list[Callable[[Case], object]]:
    """The caseworker's steps on the story's case after the flag, in order."""
    steps: list[Callable[[Case], object]] = [
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.NO_ANSWER,
            visit_scheduled_at=None,
            note="",
            actor=ACTOR,
            now=app.now(),
        ),
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=now - timedelta(days=3),
            note="",
            actor=ACTOR,
            now=app.now(),
        ),
        lambda case: case.record_visit(
            visit=Visit(now - timedelta(days=3), True, True, story.observations, False),
            actor=ACTOR,
            now=app.now(),
        ),
        partial(
            Case.record_consultation,
            needs=story.needs,
            plan=story.plan,
            note="Consulted with child and guardian",
            actor=ACTOR,
        ),
    ]
    for category, provider, reason in story.referrals:
        partner = PARTNER_ORGANISATIONS.get(provider)
        if partner is not None:
            steps.append(_consent_to_share(partner))
        steps.append(
            partial(
                Case.refer,
                service_category=category,
                provider=provider,
                reason=reason,
                consent_given=True,
                actor=ACTOR,
                organisation_id=partner,
            )
        )
    if story.closed:
        steps.append(partial(Case.close, reason=CloseReason.SERVICES_LINKED, note="", actor=ACTOR))
    return steps


def _consent_to_share(organisation_id: str) -> Callable[[Case], object]:
    return lambda case: case.give_consent(
        organisation_id=organisation_id, purpose=ConsentPurpose.SHARE_WITH_PARTNER, actor=ACTOR
    )


def load_demo(
    app: CaseApplication,
    clock: Callable[[], datetime] = utc_now,
    report: Callable[[str], None] = print,
) -> int:
    """Plays each story whose child has no case yet; returns how many were played."""
    now = clock()
    played = 0
    for story in stories(now.date()):
        if app.history(app.case_id_for(story.child.personal_id), limit=1):
            continue
        play(app, story, now)
        played += 1
        report(f"demo: {story.title}")
    return played
