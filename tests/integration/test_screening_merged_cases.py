"""A screening that meets the PINFL of a case merged away flags the kept case, once, even when
the kept child's own row is in the same batch; the merged duplicate stays closed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.imports.runs import ImportRun
from baxt.application.imports.screening import ImportSettings, ScreeningImport
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter
from baxt.domain.risk.rules import default_rule_sets
from baxt.domain.values import CloseReason, FlagSource
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from tests.clock import Clock
from tests.extracts import CATALOGUE, child_of, extract_row, household_of, write_csv
from tests.integration.conftest import CASE_KEY

NOW = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
ROUND = "RISK_SCREENING:2026-Q4"
THREE = {"ELECTRICITY_CUT_OFF": 1, "WATER_CUT_OFF": 1, "GAS_CUT_OFF": 1}
KEPT, MERGED, LATER = (extract_row(date(2016, 5, 14), n, THREE) for n in (41, 42, 43))


@dataclass(frozen=True)
class Store:
    """A migrated database and the case application over it."""

    url: str
    app: CaseApplication

    def flag(self, row: dict[str, str]) -> UUID:
        return self.app.flag_child(
            child=child_of(row),
            household=household_of(row),
            source=FlagSource.COMMUNITY_REPORT,
            indicators=[],
            note="",
            actor="mahalla",
        ).case_id

    def merge(self, kept_id: UUID, merged_id: UUID) -> None:
        def merge(kept: Case, merged: Case) -> None:
            kept.keep_merged(merged.id, note="one child", actor="supervisor")
            merged.merge_into(kept.id, note="one child", actor="supervisor")

        self.app.change_both(kept_id, merged_id, merge)

    def screen(self, path: Path) -> ImportRun:
        settings = ImportSettings(
            catalogue=CATALOGUE, rule_sets=default_rule_sets(), clock=Clock(NOW), batch_rows=4
        )
        importer = ScreeningImport(self.app, self.url, settings)
        return importer.run(
            path, rule_set="ANY_3_OF_44", quarter=Quarter(2026, 4), actor="registry"
        )

    def types(self, case_id: UUID) -> list[str]:
        return [e.type for e in self.app.history(case_id)]

    def rows(self, query: str, *params: object) -> list[tuple[object, ...]]:
        with psycopg.connect(self.url) as conn:
            return conn.execute(query.encode(), params).fetchall()


@pytest.fixture
def store(fresh_database_url: str) -> Iterator[Store]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY, clock=Clock(NOW))
    try:
        yield Store(fresh_database_url, app)
    finally:
        app.close()


@pytest.fixture
def merged_pair(store: Store) -> tuple[UUID, UUID]:
    """The kept case of KEPT, and the case of MERGED merged into it."""
    kept, merged = store.flag(KEPT), store.flag(MERGED)
    store.merge(kept, merged)
    return kept, merged


def test_the_merged_pinfl_flags_the_open_kept_case(
    store: Store, merged_pair: tuple[UUID, UUID], tmp_path: Path
) -> None:
    kept, merged = merged_pair

    run = store.screen(write_csv(tmp_path / "extract.csv", [MERGED]))

    assert (run.flagged, run.added_to_open, run.reopened, run.rejected) == (1, 1, 0, 0)
    assert store.types(kept) == ["Flagged", "CaseMerged", "FlagAdded"]
    assert store.types(merged) == ["Flagged", "MergedInto", "Closed"]
    assert store.rows("SELECT case_id FROM import_flag WHERE round = %s", ROUND) == [(kept,)]


def test_the_merged_pinfl_reopens_the_closed_kept_case(
    store: Store, merged_pair: tuple[UUID, UUID], tmp_path: Path
) -> None:
    kept, merged = merged_pair
    store.app.change_case(
        kept, lambda case: case.close(reason=CloseReason.MOVED, note="", actor="cw")
    )

    run = store.screen(write_csv(tmp_path / "extract.csv", [MERGED]))

    assert (run.flagged, run.reopened) == (1, 1)
    assert store.types(kept)[-1] == "Reopened"
    assert store.types(merged)[-1] == "Closed"
    catch_up_case_summary(event_store_env(store.url))
    statuses = store.rows(
        "SELECT case_id, status, close_reason FROM case_summary ORDER BY status",
    )
    assert sorted(statuses) == sorted([(merged, "CLOSED", "DUPLICATE"), (kept, "FLAGGED", None)])


def test_both_pinfls_of_one_child_in_one_batch_flag_the_kept_case_once(
    store: Store, merged_pair: tuple[UUID, UUID], tmp_path: Path
) -> None:
    kept, merged = merged_pair

    run = store.screen(write_csv(tmp_path / "extract.csv", [MERGED, KEPT, LATER]))
    again = store.screen(write_csv(tmp_path / "again.csv", [KEPT, MERGED]))

    assert (run.flagged, run.added_to_open, run.already, run.rejected) == (2, 1, 1, 0)
    assert store.types(kept) == ["Flagged", "CaseMerged", "FlagAdded"]
    assert store.types(merged) == ["Flagged", "MergedInto", "Closed"]
    assert (again.flagged, again.already) == (0, 2)
