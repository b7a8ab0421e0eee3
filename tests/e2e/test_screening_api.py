"""A screening and a survey imported into the server's database, then read over HTTP.

These run on a database of their own, so the runs and the survey's regions are only theirs.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from baxt import bootstrap
from baxt.application.access.principal import Role
from baxt.application.cases.application import CaseApplication
from baxt.application.imports.runs import ImportRun
from baxt.application.imports.screening import ImportSettings, ScreeningImport
from baxt.application.imports.survey import SurveyImport
from baxt.config import Settings
from baxt.domain.quarter import Quarter
from baxt.domain.risk import extract as x
from baxt.domain.risk.rules import default_rule_sets
from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.core.node import global_id
from tests.clock import Clock
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.extracts import CATALOGUE, extract_row, fields, write_csv
from tests.serving import RunningServer, running_api

SCREENED_AT = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
SURVEYED_AT = datetime(2026, 10, 15, 9, 0, tzinfo=UTC)
BORN = date(2016, 5, 14)
PROJECTED_WITHIN = 60.0

CUT_OFFS = extract_row(BORN, 1, {"ELECTRICITY_CUT_OFF": 1, "WATER_CUT_OFF": 1, "GAS_CUT_OFF": 1})
HARDSHIPS = extract_row(BORN, 2, {"SINGLE_GUARDIAN": 1, "GUARDIAN_LABOUR_MIGRANT": 1,
                                  "LARGE_FAMILY": 5})  # fmt: skip
VIOLENCE = extract_row(BORN, 3, {"DOMESTIC_VIOLENCE_CALLS": 1})
NOTHING = extract_row(BORN, 4, others="0")
AT_HOME = [
    extract_row(date(2023, 2, 2), 11, care_setting="HOME", region="Samarqand viloyati"),
    extract_row(date(2023, 7, 7), 12, care_setting="HOME", region="Toshkent shahri"),
    extract_row(date(2023, 8, 8), 13, care_setting="KINDERGARTEN", region="Toshkent shahri"),
]


@dataclass(frozen=True)
class Imported:
    screening: ImportRun
    survey: ImportRun
    app: CaseApplication

    def case_id(self, row: dict[str, str]) -> str:
        return global_id(CASE_TYPE, str(self.app.case_id_for(row[x.PINFL])))


@dataclass(frozen=True)
class Served:
    """The server, and its settings: an importer beside it must find the same case key."""

    server: RunningServer
    settings: Settings


@pytest.fixture(scope="module")
def served(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url, data_dir=tmp_path_factory.mktemp("screening"),
            read_your_writes_timeout=10,
        )  # fmt: skip
        with running_api(settings) as server:
            yield Served(server, settings)


@pytest.fixture(scope="module")
def imported(served: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    """A quarter's screening with two bad lines, and the survey of 2026, both imported."""
    folder: Path = tmp_path_factory.mktemp("extracts")
    url = served.server.database_url
    app = bootstrap.case_application(bootstrap.Runtime(served.settings, url))
    screening_file = write_csv(folder / "screening.csv", [
        CUT_OFFS, HARDSHIPS, extract_row(BORN, 5) | {x.PINFL: "123"}, VIOLENCE,
        fields(extract_row(BORN, 6))[:-1], NOTHING,
    ])  # fmt: skip
    screening = ScreeningImport(app, url, _settings(SCREENED_AT)).run(
        screening_file, rule_set="ANY_3_OF_44", quarter=Quarter(2026, 4), actor="registry"
    )
    survey = SurveyImport(app, url, _settings(SURVEYED_AT)).run(
        write_csv(folder / "cohort.csv", AT_HOME), year=2026, actor="rono"
    )
    yield Imported(screening, survey, app)
    app.close()


def _settings(now: datetime) -> ImportSettings:
    return ImportSettings(
        catalogue=CATALOGUE, rule_sets=default_rule_sets(), clock=Clock(now), batch_rows=2
    )


@pytest.fixture
async def gql(served: Served) -> AsyncIterator[GraphQLClient]:
    async with served.server.http() as http:
        yield GraphQLClient(http, served.server.token("auditor.screening", Role.AUDITOR))


async def _eventually(gql: GraphQLClient, query: str, variables: dict[str, Any]) -> Any:
    """The query's data once the projections have caught up with the import (it gives up
    only after a long wait, so a slow machine does not fail the test)."""
    deadline = time.monotonic() + PROJECTED_WITHIN
    while True:
        data = await gql.execute(query, variables)
        if all(data.values()) or time.monotonic() > deadline:
            return data
        await asyncio.sleep(0.1)


RUN_FIELDS = """
  id kind round ruleSet fileName status rowsRead rejected flagged addedToOpen reopened already
"""


async def test_the_catalogue_is_named_in_the_language_asked_for(gql: GraphQLClient) -> None:
    data = await gql.execute('{ indicators(language: "ru") { code name valueType threshold } }')

    indicators = data["indicators"]
    assert [i["code"] for i in indicators] == list(CATALOGUE.codes)
    assert indicators[0] == {
        "code": "ELECTRICITY_CUT_OFF",
        "name": "Отключение электроэнергии",
        "valueType": "BOOLEAN",
        "threshold": 1.0,
    }
    assert [i["name"] for i in indicators] == [i.name("ru") for i in CATALOGUE.indicators]


async def test_both_rule_sets_are_listed(gql: GraphQLClient) -> None:
    data = await gql.execute(
        "{ ruleSets { code version kind minCount threshold weights { code } } }"
    )

    by_code = {r["code"]: r for r in data["ruleSets"]}
    assert set(by_code) == {"ANY_3_OF_44", "WEIGHTED_2027"}
    assert (by_code["ANY_3_OF_44"]["kind"], by_code["ANY_3_OF_44"]["minCount"]) == ("ANY_N", 3)
    weighted = by_code["WEIGHTED_2027"]
    assert (weighted["kind"], weighted["threshold"], len(weighted["weights"])) == (
        "WEIGHTED",
        3.0,
        44,
    )


async def test_the_runs_show_their_figures(gql: GraphQLClient, imported: Imported) -> None:
    runs = (await gql.execute(f"{{ screeningRuns {{ {RUN_FIELDS} }} }}"))["screeningRuns"]
    one = await gql.execute(
        f"query($id: ID!) {{ screeningRun(id: $id) {{ {RUN_FIELDS} }} }}",
        {"id": str(imported.screening.id)},
    )

    assert [r["id"] for r in runs] == [str(imported.screening.id), str(imported.survey.id)]
    assert one["screeningRun"] == runs[0]
    assert runs[0] == {
        "id": str(imported.screening.id),
        "kind": "RISK_SCREENING",
        "round": "RISK_SCREENING:2026-Q4",
        "ruleSet": "ANY_3_OF_44@1",
        "fileName": "screening.csv",
        "status": "FINISHED",
        "rowsRead": 6,
        "rejected": 2,
        "flagged": 2,
        "addedToOpen": 0,
        "reopened": 0,
        "already": 0,
    }
    assert (runs[1]["kind"], runs[1]["round"], runs[1]["flagged"]) == (
        "AGE3_SURVEY",
        "AGE3_SURVEY:2026",
        2,
    )


async def test_a_run_s_bad_lines_are_listed(gql: GraphQLClient, imported: Imported) -> None:
    data = await gql.execute(
        "query($run: ID!) { screeningRejects(runId: $run) { line code reason } }",
        {"run": str(imported.screening.id)},
    )

    rejects = data["screeningRejects"]
    assert [(r["line"], r["code"]) for r in rejects] == [
        (4, "INVALID_PINFL"),
        (6, "MISSING_COLUMN"),
    ]
    assert all(r["reason"] for r in rejects)


async def test_comparing_with_the_weighted_rules_gives_counts(
    gql: GraphQLClient, imported: Imported
) -> None:
    data = await gql.execute(
        """query($run: ID!) { compareScreening(runId: $run, ruleSet: "WEIGHTED_2027") {
          base candidate addedCount droppedCount added dropped
          addedByIndicator { code count } droppedByIndicator { code count } } }""",
        {"run": str(imported.screening.id)},
    )

    assert data["compareScreening"] == {
        "base": "ANY_3_OF_44@1",
        "candidate": "WEIGHTED_2027@1",
        "addedCount": 1,
        "droppedCount": 1,
        "added": [imported.case_id(VIOLENCE)],
        "dropped": [imported.case_id(HARDSHIPS)],
        "addedByIndicator": [{"code": "DOMESTIC_VIOLENCE_CALLS", "count": 1}],
        "droppedByIndicator": [
            {"code": "SINGLE_GUARDIAN", "count": 1},
            {"code": "GUARDIAN_LABOUR_MIGRANT", "count": 1},
            {"code": "LARGE_FAMILY", "count": 1},
        ],
    }


async def test_a_flagged_case_shows_why(gql: GraphQLClient, imported: Imported) -> None:
    data = await _eventually(
        gql,
        "query($id: ID!) { case(id: $id) { source flagReason { ruleSet score indicators } } }",
        {"id": imported.case_id(CUT_OFFS)},
    )

    assert data["case"] == {
        "source": "RISK_SCREENING",
        "flagReason": {
            "ruleSet": "ANY_3_OF_44@1",
            "score": 3.0,
            "indicators": ["ELECTRICITY_CUT_OFF", "WATER_CUT_OFF", "GAS_CUT_OFF"],
        },
    }


async def test_the_survey_counts_its_children_by_region(
    gql: GraphQLClient, imported: Imported
) -> None:
    last = imported.case_id(AT_HOME[1])
    await _eventually(gql, "query($id: ID!) { case(id: $id) { id } }", {"id": last})

    data = await gql.execute("{ ageThreeSurvey(year: 2026) { region children seen } }")

    assert data["ageThreeSurvey"] == [
        {"region": "Samarqand viloyati", "children": 1, "seen": 0},
        {"region": "Toshkent shahri", "children": 1, "seen": 0},
    ]


@pytest.mark.parametrize(
    "query",
    [
        '{ screeningRun(id: "not-a-run") { id } }',
        '{ screeningRejects(runId: "not-a-run") { line } }',
        '{ compareScreening(runId: "00000000-0000-4000-8000-000000000000",'
        ' ruleSet: "WEIGHTED_2027") { addedCount } }',
    ],
    ids=["run", "rejects", "compare"],
)
async def test_a_bad_run_id_is_bad_user_input(
    gql: GraphQLClient, imported: Imported, query: str
) -> None:
    body = (await gql.post(query)).json()

    assert not any((body["data"] or {}).values())
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
