"""The October survey: the year's 3-year-olds raised at home are flagged once, then seen."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import anyio
import psycopg
import pytest
from eventsourcing.domain import CanCreateTimestamp

from baxt.application.cases.application import CaseApplication
from baxt.application.imports.queries import ImportQueries, SurveyRegion
from baxt.application.imports.reader import ExtractError
from baxt.application.imports.runs import ImportRun
from baxt.application.imports.screening import ImportSettings
from baxt.application.imports.survey import SurveyImport
from baxt.bootstrap import event_store_env
from baxt.domain.risk import extract as x
from baxt.domain.risk.rules import default_rule_sets
from baxt.domain.values import Visit
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from tests.extracts import CATALOGUE, extract_row, write_csv
from tests.integration.conftest import CASE_KEY

IN_OCTOBER = datetime(2026, 10, 15, 9, 0, tzinfo=UTC)
IN_SEPTEMBER = datetime(2026, 9, 15, 9, 0, tzinfo=UTC)
VISITED = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
ROUND = "AGE3_SURVEY:2026"
SAMARQAND, TOSHKENT = "Samarqand viloyati", "Toshkent shahri"

AT_HOME = [
    extract_row(date(2023, 1, 1), 1, care_setting="HOME", region=SAMARQAND),
    extract_row(date(2023, 3, 10), 2, care_setting="HOME", region=SAMARQAND),
    extract_row(date(2023, 12, 31), 3, care_setting="HOME", region=TOSHKENT),
]
NOT_IN_SURVEY = [
    extract_row(date(2023, 5, 5), 4, care_setting="KINDERGARTEN", region=SAMARQAND),
    extract_row(date(2023, 6, 6), 5, care_setting="DAY_CARE", region=TOSHKENT),
    extract_row(date(2022, 4, 4), 6, care_setting="HOME", region=TOSHKENT),
    extract_row(date(2024, 1, 1), 7, care_setting="HOME", region=SAMARQAND),
    extract_row(date(2016, 2, 2), 8, {"ELECTRICITY_CUT_OFF": 1}, region=TOSHKENT),
]


@dataclass
class Clock:
    """The time of the test: the imports, the commands and the events' own timestamps."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Survey:
    url: str
    app: CaseApplication
    clock: Clock
    path: Path

    def run(self) -> ImportRun:
        settings = ImportSettings(
            catalogue=CATALOGUE, rule_sets=default_rule_sets(), clock=self.clock, batch_rows=3
        )
        return SurveyImport(self.app, self.url, settings).run(self.path, year=2026, actor="rono")

    def count(self, table: str) -> int:
        with psycopg.connect(self.url) as conn:
            row = conn.execute(f"SELECT count(*) FROM {table}".encode()).fetchone()
        assert row is not None
        return int(row[0])

    def regions(self) -> list[SurveyRegion]:
        queries = ImportQueries(self.url, CATALOGUE, default_rule_sets())
        return anyio.run(queries.survey, 2026)


@pytest.fixture
def survey(
    fresh_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Survey]:
    url = fresh_database_url
    apply_migrations(url)
    clock = Clock(IN_OCTOBER)
    # The survey list dates a flag by its event's timestamp; stamp events by the test's clock.
    monkeypatch.setattr(CanCreateTimestamp, "create_timestamp", staticmethod(clock))
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY, clock=clock)
    children = [*NOT_IN_SURVEY[:2], *AT_HOME, *NOT_IN_SURVEY[2:]]
    yield Survey(url, app, clock, write_csv(tmp_path / "cohort.csv", children))
    app.close()


def _history(survey: Survey, row: dict[str, str]) -> list[Any]:
    return survey.app.history(survey.app.case_id_for(row[x.PINFL]))


def test_children_born_three_years_before_and_raised_at_home_are_flagged(survey: Survey) -> None:
    run = survey.run()

    assert (run.kind, run.round, run.rule_set, run.status) == (
        "AGE3_SURVEY",
        ROUND,
        None,
        "FINISHED",
    )
    assert (run.rows_read, run.rejected, run.flagged) == (8, 0, 3)
    for row in AT_HOME:
        (flagged,) = _history(survey, row)
        assert (flagged.type, flagged.data["source"], flagged.data["round"]) == (
            "Flagged",
            "AGE3_SURVEY",
            ROUND,
        )
        assert flagged.data["reason"] is None
    assert [_history(survey, row) for row in NOT_IN_SURVEY] == [[]] * len(NOT_IN_SURVEY)


def test_the_survey_outside_the_fourth_quarter_is_refused_and_writes_nothing(
    survey: Survey,
) -> None:
    survey.clock.now = IN_SEPTEMBER

    with pytest.raises(ExtractError) as refused:
        survey.run()

    assert refused.value.code == "NOT_SURVEY_QUARTER"
    assert [survey.count(t) for t in ("cases_events", "import_run", "import_flag")] == [0, 0, 0]


def test_a_second_run_of_the_year_flags_nobody_twice(survey: Survey) -> None:
    survey.run()
    events = survey.count("cases_events")

    again = survey.run()

    assert (again.status, again.flagged, again.already) == ("FINISHED", 0, 3)
    assert survey.count("cases_events") == events
    assert [len(_history(survey, row)) for row in AT_HOME] == [1, 1, 1]


def test_the_survey_counts_its_children_by_region_and_those_a_visit_saw(survey: Survey) -> None:
    survey.run()
    catch_up_case_summary(event_store_env(survey.url))
    assert survey.regions() == [SurveyRegion(SAMARQAND, 2, 0), SurveyRegion(TOSHKENT, 1, 0)]

    survey.clock.now = VISITED
    seen = survey.app.case_id_for(AT_HOME[2][x.PINFL])
    survey.app.change_case(
        seen,
        lambda case: case.record_visit(
            visit=Visit(VISITED, True, True, "", False), actor="cw", now=survey.app.now()
        ),
    )
    catch_up_case_summary(event_store_env(survey.url))

    assert survey.regions() == [SurveyRegion(SAMARQAND, 2, 0), SurveyRegion(TOSHKENT, 1, 1)]
