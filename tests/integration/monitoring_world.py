"""A small world for the monitoring figures: the five seed stories over two quarters, a
partner's work on one of them, a quarter's risk screening and the October survey."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

from baxt.application.cases.application import CaseApplication
from baxt.application.directory import SOS_ORGANISATION_ID
from baxt.application.imports.screening import ImportSettings, ScreeningImport
from baxt.application.imports.survey import SurveyImport
from baxt.devtools.demo import Story, flag_story, play_first_quarter, play_second_quarter, stories
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter
from baxt.domain.referrals import ProgressKind
from baxt.domain.risk import extract as x
from baxt.domain.risk.rules import default_rule_sets
from baxt.domain.values import Sex, Visit
from tests.clock import Clock
from tests.extracts import CATALOGUE, extract_row, write_csv

FLAGGED = datetime(2026, 8, 10, 5, 0, tzinfo=UTC)
WORKED = datetime(2026, 8, 20, 5, 0, tzinfo=UTC)
SECOND = datetime(2026, 10, 12, 5, 0, tzinfo=UTC)
SURVEYED = datetime(2026, 10, 15, 5, 0, tzinfo=UTC)
SURVEY_VISIT = datetime(2026, 11, 2, 5, 0, tzinfo=UTC)
SCREENED = datetime(2026, 11, 10, 5, 0, tzinfo=UTC)
Q3, Q4 = "2026-Q3", "2026-Q4"
THREE = {"ELECTRICITY_CUT_OFF": 1, "WATER_CUT_OFF": 1, "GAS_CUT_OFF": 1}
SURVEY_CHILDREN = [
    extract_row(date(2023, 1, 1), 1, care_setting="HOME", region="Samarqand viloyati"),
    extract_row(date(2023, 3, 10), 2, care_setting="HOME", sex=Sex.MALE),
    extract_row(date(2023, 12, 31), 3, care_setting="HOME"),
]
SCREENED_CHILDREN = [
    extract_row(date(2016, 5, 14), 11, THREE),
    extract_row(date(2012, 2, 1), 12, THREE, sex=Sex.MALE, region="Xorazm viloyati"),
    extract_row(date(2016, 5, 14), 13, {"ELECTRICITY_CUT_OFF": 1}),
]


@dataclass
class World:
    """The application, its clock and the cases played, by story title."""

    url: str
    app: CaseApplication
    clock: Clock
    cases: dict[str, UUID]

    def play_stories(self) -> list[Story]:
        """Flags the five children on 10 August, works their first quarter on 20 August (the
        visit dated 17 August); on 12 October SOS trains the 9-year-old's mother, then the
        stories' second quarter is played."""
        played = stories(FLAGGED.date())
        self.clock.now = FLAGGED
        for story in played:
            self.cases[story.title] = flag_story(self.app, story)
        self.clock.now = WORKED
        for story in played:
            play_first_quarter(self.app, story, self.cases[story.title], WORKED)
        self.clock.now = SECOND
        self.partner_trains_the_parents("An aggressive 9-year-old")
        for story in played:
            play_second_quarter(self.app, story, self.cases[story.title], SECOND)
        return played

    def partner_trains_the_parents(self, title: str) -> None:
        """The partner accepts the story's referral to it and records a certified training."""
        case_id = self.cases[title]
        case: Case = self.app.repository.get(case_id)
        referral = next(r for r in case.referrals if r.organisation_id == SOS_ORGANISATION_ID)
        shared = {"referral_id": referral.id, "organisation_id": SOS_ORGANISATION_ID}
        self.app.change_case(case_id, lambda c: c.accept_referral(**shared, actor="sos"))
        self.app.change_case(
            case_id,
            lambda c: c.record_referral_progress(
                **shared,
                kind=ProgressKind.TRAINING_COMPLETED,
                note="",
                certificate_number="SOS-2026-001",
                actor="sos",
            ),
        )

    def survey(self, folder: Path) -> None:
        """The October survey: three 3-year-olds at home flagged on 15 October; a visit on
        2 November sees the first."""
        self.clock.now = SURVEYED
        settings = ImportSettings(CATALOGUE, default_rule_sets(), clock=self.clock, batch_rows=2)
        path = write_csv(folder / "cohort.csv", SURVEY_CHILDREN)
        SurveyImport(self.app, self.url, settings).run(path, year=2026, actor="rono")
        self.clock.now = SURVEY_VISIT
        seen = self.app.case_id_for(SURVEY_CHILDREN[0][x.PINFL])
        visit = Visit(SURVEY_VISIT - timedelta(hours=1), True, True, "", False)
        self.app.change_case(
            seen, lambda c: c.record_visit(visit=visit, actor="cw", now=self.app.now())
        )

    def screen(self, folder: Path) -> None:
        """The fourth quarter's screening on 10 November: two children meet three indicators."""
        self.clock.now = SCREENED
        settings = ImportSettings(CATALOGUE, default_rule_sets(), clock=self.clock, batch_rows=2)
        path = write_csv(folder / "screening.csv", SCREENED_CHILDREN)
        ScreeningImport(self.app, self.url, settings).run(
            path, rule_set="ANY_3_OF_44", quarter=Quarter(2026, 4), actor="registry"
        )
