"""The Social Registry's category of an extract's row: kept on the flag and on the case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.imports.runs import ImportRuns
from baxt.application.imports.screening import ImportSettings, ScreeningImport
from baxt.bootstrap import event_store_env
from baxt.domain.quarter import Quarter
from baxt.domain.risk import extract as x
from baxt.domain.risk.rules import default_rule_sets
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from tests.clock import Clock
from tests.extracts import CATALOGUE, extract_row, write_csv
from tests.integration.conftest import CASE_KEY
from tests.sealed import opened

NOW = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
SETTINGS = ImportSettings(catalogue=CATALOGUE, rule_sets=default_rule_sets(), clock=Clock(NOW))
BORN = date(2016, 5, 14)
THREE = {"ELECTRICITY_CUT_OFF": 1, "WATER_CUT_OFF": 1, "GAS_CUT_OFF": 1}


@pytest.fixture
def app(fresh_database_url: str) -> Iterator[CaseApplication]:
    apply_migrations(fresh_database_url)
    opened = CaseApplication(
        event_store_env(fresh_database_url), case_key=CASE_KEY, clock=Clock(NOW)
    )
    try:
        yield opened
    finally:
        opened.close()


def test_each_flag_keeps_its_rows_category_and_a_row_with_an_unknown_one_is_rejected_alone(
    app: CaseApplication, fresh_database_url: str, tmp_path: Path
) -> None:
    state = extract_row(BORN, 11, THREE) | {x.REGISTRY_CATEGORY: "STATE_SUPPORTED"}
    unknown = extract_row(BORN, 12, THREE) | {x.REGISTRY_CATEGORY: "RICH"}
    near = extract_row(BORN, 13, THREE) | {x.REGISTRY_CATEGORY: "near_poverty_line"}
    path = write_csv(tmp_path / "extract.csv", [state, unknown, near])

    run = ScreeningImport(app, fresh_database_url, SETTINGS).run(
        path, rule_set="ANY_3_OF_44", quarter=Quarter(2026, 4), actor="registry"
    )

    assert (run.rows_read, run.rejected, run.flagged) == (3, 1, 2)
    rejects = ImportRuns(fresh_database_url).rejects(run.id)
    assert [(r.line, r.code) for r in rejects] == [(3, "WRONG_TYPE")]
    first_events = [app.history(app.case_id_for(row[x.PINFL]))[0] for row in (state, near)]
    assert [e.data["registry_category"] for e in first_events] == [
        "STATE_SUPPORTED",
        "NEAR_POVERTY_LINE",
    ]
    catch_up_case_summary(event_store_env(fresh_database_url))
    with psycopg.connect(fresh_database_url) as conn:
        rows = conn.execute(
            "SELECT case_id, full_name, registry_category FROM case_summary"
        ).fetchall()
    names = {
        opened(fresh_database_url, case_id, name): category for case_id, name, category in rows
    }
    assert names == {
        state[x.FULL_NAME]: "STATE_SUPPORTED",
        near[x.FULL_NAME]: "NEAR_POVERTY_LINE",
    }
