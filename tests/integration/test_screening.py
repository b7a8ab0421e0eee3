"""A quarter's risk screening from a registry extract: who is flagged, why, and only once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest

from baxt.application.cases.application import CaseApplication, HistoryEntry
from baxt.application.imports.compare import compare_run
from baxt.application.imports.reader import ExtractError
from baxt.application.imports.runs import ImportRun, ImportRuns
from baxt.application.imports.screening import ImportSettings, Progress, ScreeningImport
from baxt.bootstrap import event_store_env
from baxt.domain.pinfl import make_pinfl
from baxt.domain.quarter import Quarter
from baxt.domain.risk import extract as x
from baxt.domain.risk.rules import default_rule_sets
from baxt.domain.values import CloseReason, FlagSource, Sex
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from tests.clock import Clock
from tests.database import scratch_database
from tests.extracts import (
    CATALOGUE,
    child_of,
    extract_row,
    fields,
    household_of,
    write_csv,
    write_parquet,
)
from tests.integration.conftest import CASE_KEY
from tests.sealed import opened

NOW = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
QUARTER = Quarter(2026, 4)
ROUND = "RISK_SCREENING:2026-Q4"
ANY_3 = "ANY_3_OF_44@1"
SETTINGS = ImportSettings(
    catalogue=CATALOGUE, rule_sets=default_rule_sets(), clock=Clock(NOW), batch_rows=4
)
BORN = date(2016, 5, 14)
THREE = {"ELECTRICITY_CUT_OFF": 1, "WATER_CUT_OFF": 1, "GAS_CUT_OFF": 1}
NO_RUN = UUID("00000000-0000-4000-8000-000000000000")


@dataclass(frozen=True)
class Store:
    """A migrated database, the case application over it and a screening import into it."""

    url: str
    app: CaseApplication

    def screen(self, path: Path, progress: Progress | None = None) -> ImportRun:
        importer = ScreeningImport(self.app, self.url, SETTINGS)
        return importer.run(
            path, rule_set="ANY_3_OF_44", quarter=QUARTER, actor="registry", progress=progress
        )

    def case_id(self, row: Mapping[str, str]) -> UUID:
        return self.app.case_id_for(row[x.PINFL])

    def history(self, row: Mapping[str, str]) -> list[HistoryEntry]:
        return self.app.history(self.case_id(row))

    def count(self, table: str) -> int:
        return int(self.one(f"SELECT count(*) FROM {table}"))

    def one(self, query: str, *params: Any) -> Any:
        with psycopg.connect(self.url) as conn:
            row = conn.execute(query.encode(), params).fetchone()
        assert row is not None
        return row[0]

    def rows(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url) as conn:
            return conn.execute(query.encode(), params).fetchall()

    def events_by_case(self) -> dict[UUID, int]:
        counts = self.rows("SELECT originator_id, count(*) FROM cases_events GROUP BY 1")
        return {case_id: count for case_id, count in counts}


@contextmanager
def _store(url: str) -> Iterator[Store]:
    apply_migrations(url)
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY, clock=Clock(NOW))
    try:
        yield Store(url, app)
    finally:
        app.close()


@pytest.fixture
def store(fresh_database_url: str) -> Iterator[Store]:
    with _store(fresh_database_url) as opened:
        yield opened


@pytest.fixture
def other_store(admin_url: str) -> Iterator[Store]:
    with scratch_database(admin_url) as url, _store(url) as opened:
        yield opened


def _reason(score: float, *indicators: str) -> dict[str, Any]:
    return {"rule_set": ANY_3, "score": score, "indicators": list(indicators)}


def _flag_reasons(store: Store, rows: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    """Each flagged child's reason, from the first event of their case, by name."""
    return {
        row[x.FULL_NAME]: history[0].data["reason"]
        for row in rows
        if (history := store.history(row))
    }


def test_exactly_the_children_meeting_three_indicators_are_flagged_with_their_reason(
    store: Store, tmp_path: Path
) -> None:
    a = extract_row(
        BORN,
        1,
        {
            "LOAN_OVERDUE": 90,
            "ELECTRICITY_CUT_OFF": 1,
            "HEALTH_INSURANCE_ARREARS": 3,
            "RENT_ARREARS": 2,
            "UTILITY_ARREARS": 999_999,
        },
    )
    b = extract_row(BORN, 2, {"WATER_CUT_OFF": 1, "RENT_ARREARS": 2.9, "SINGLE_GUARDIAN": 1})
    c = extract_row(
        BORN,
        3,
        {
            "NO_RESIDENCE_REGISTRATION": 1,
            "UTILITY_ARREARS": 1_000_000,
            "DOMESTIC_VIOLENCE_CALLS": 1,
            "LARGE_FAMILY": 5,
            "GUARDIAN_UNEMPLOYED": 179,
        },
    )
    d = extract_row(
        BORN,
        4,
        {
            "EMERGENCY_INJURY_VISITS": 4,
            "MALNUTRITION": 1,
            "OVERCROWDING": 3.5,
            "LONG_SCHOOL_ABSENCE": 19.5,
        },
        others="0",
    )
    e = extract_row(BORN, 5, others="0")
    f = extract_row(
        BORN,
        6,
        {"SCHOOL_DROP_OUT": 1, "CHILD_PROTECTION_REPORTS": 1, "KINDERGARTEN_ABSENCE": 19},
        others="0",
    )
    children = [a, b, c, d, e, f]

    run = store.screen(write_csv(tmp_path / "extract.csv", children))

    assert (run.status, run.round, run.rule_set) == ("FINISHED", ROUND, ANY_3)
    assert (run.rows_read, run.rejected, run.flagged, run.already) == (6, 0, 3, 0)
    expected = {
        a[x.FULL_NAME]: _reason(
            3.0, "ELECTRICITY_CUT_OFF", "HEALTH_INSURANCE_ARREARS", "LOAN_OVERDUE"
        ),
        c[x.FULL_NAME]: _reason(
            4.0,
            "UTILITY_ARREARS",
            "DOMESTIC_VIOLENCE_CALLS",
            "LARGE_FAMILY",
            "NO_RESIDENCE_REGISTRATION",
        ),
        d[x.FULL_NAME]: _reason(3.0, "EMERGENCY_INJURY_VISITS", "MALNUTRITION", "OVERCROWDING"),
    }
    assert _flag_reasons(store, children) == expected
    for row in (a, c, d):
        (flagged,) = store.history(row)
        assert flagged.type == "Flagged"
        assert (flagged.data["source"], flagged.data["round"]) == ("RISK_SCREENING", ROUND)
        assert flagged.data["indicators"] == expected[row[x.FULL_NAME]]["indicators"]

    catch_up_case_summary(event_store_env(store.url))
    summaries = store.rows("SELECT case_id, full_name, flag_reason FROM case_summary")
    names = {opened(store.url, case_id, name): reason for case_id, name, reason in summaries}
    assert names == expected


def test_bad_rows_are_rejected_by_line_and_the_good_rows_around_them_are_flagged(
    store: Store, tmp_path: Path
) -> None:
    first, second, last = (extract_row(BORN, n, THREE) for n in (11, 16, 21))
    no_flag = extract_row(BORN, 13)
    wrong_birth_date = make_pinfl(date(2016, 5, 15), Sex.FEMALE, 26, 12)
    lines: list[Mapping[str, str] | Sequence[str]] = [
        first,  # line 2
        extract_row(BORN, 12, THREE) | {x.PINFL: wrong_birth_date},
        no_flag,
        extract_row(date(2008, 11, 10), 14, THREE),  # 18 on the day of the import
        extract_row(BORN, 15, THREE) | {"utility_arrears": "1 500 000 so'm"},
        second,
        first | {x.FULL_NAME: "Ikkinchi Bola"},
        fields(extract_row(BORN, 17, THREE))[:-1],
        [*fields(extract_row(BORN, 18, THREE)), "1"],
        extract_row(BORN, 19, THREE) | {x.FULL_NAME: " "},
        extract_row(BORN, 20, THREE) | {x.SEX: "X"},
        last,  # line 13
    ]

    run = store.screen(write_csv(tmp_path / "extract.csv", lines))

    assert (run.status, run.rows_read, run.rejected, run.flagged) == ("FINISHED", 12, 8, 3)
    rejects = ImportRuns(store.url).rejects(run.id)
    assert [(r.line, r.code) for r in rejects] == [
        (3, "INVALID_PINFL"),
        (5, "NOT_UNDER_18"),
        (6, "WRONG_TYPE"),
        (8, "DUPLICATE_PINFL"),
        (9, "MISSING_COLUMN"),
        (10, "UNKNOWN_COLUMN"),
        (11, "MISSING_VALUE"),
        (12, "WRONG_TYPE"),
    ]
    assert [len(store.history(row)) for row in (first, no_flag, second, last)] == [1, 0, 1, 1]
    assert store.history(first)[0].data["child"]["full_name"] == first[x.FULL_NAME]
    assert len(store.events_by_case()) == 3


def test_importing_the_same_file_again_flags_nobody_twice(store: Store, tmp_path: Path) -> None:
    children = [extract_row(BORN, n, THREE if n % 2 else None) for n in range(1, 8)]
    path = write_csv(tmp_path / "extract.csv", children)
    first = store.screen(path)
    events, flags = store.count("cases_events"), store.count("import_flag")

    again = store.screen(path)

    assert first.flagged == 4
    assert (again.status, again.rows_read, again.flagged, again.already) == ("FINISHED", 7, 0, 4)
    assert (store.count("cases_events"), store.count("import_flag")) == (events, flags)
    assert len(store.events_by_case()) == 4


def test_an_open_case_gets_the_flag_and_a_closed_case_is_reopened(
    store: Store, tmp_path: Path
) -> None:
    open_row, closed_row, new_row = (extract_row(BORN, n, THREE) for n in (31, 32, 33))
    earlier = {
        name: store.app.flag_child(
            child=child_of(row),
            household=household_of(row),
            source=FlagSource.COMMUNITY_REPORT,
            indicators=[],
            note="",
            actor="mahalla",
        ).case_id
        for name, row in (("open", open_row), ("closed", closed_row))
    }
    store.app.change_case(
        earlier["closed"], lambda case: case.close(reason=CloseReason.MOVED, note="", actor="cw")
    )

    run = store.screen(write_csv(tmp_path / "extract.csv", [open_row, closed_row, new_row]))

    assert (run.flagged, run.added_to_open, run.reopened, run.already) == (3, 1, 1, 0)
    assert (store.case_id(open_row), store.case_id(closed_row)) == (
        earlier["open"],
        earlier["closed"],
    )
    reason = _reason(3.0, *THREE)
    added = store.history(open_row)[-1]
    assert (added.type, added.data["round"], added.data["reason"]) == ("FlagAdded", ROUND, reason)
    reopened = store.history(closed_row)[-1]
    assert reopened.type == "Reopened"
    assert (reopened.data["round"], reopened.data["flag_reason"]) == (ROUND, reason)
    assert reopened.data["source"] == "RISK_SCREENING"
    assert [e.type for e in store.history(new_row)] == ["Flagged"]

    catch_up_case_summary(event_store_env(store.url))
    summary = store.rows("SELECT status, flag_reason FROM case_summary WHERE case_id = %s",
                         earlier["closed"])  # fmt: skip
    assert summary == [("FLAGGED", reason)]


class _Interrupted(Exception):
    pass


def _stop(read: int) -> None:
    raise _Interrupted(f"stopped after {read} rows")


def test_a_run_interrupted_after_its_first_batch_finishes_when_run_again_without_duplicates(
    store: Store, tmp_path: Path
) -> None:
    children = [extract_row(BORN, n, THREE) for n in range(1, 11)]
    path = write_csv(tmp_path / "extract.csv", children)

    with pytest.raises(_Interrupted):
        store.screen(path, progress=_stop)
    (failed,) = ImportRuns(store.url).latest(1)
    assert (failed.status, failed.finished_at) == ("FAILED", NOW)
    assert (failed.rows_read, failed.flagged) == (SETTINGS.batch_rows, SETTINGS.batch_rows)

    rerun = store.screen(path)

    assert (rerun.status, rerun.flagged, rerun.already) == ("FINISHED", 6, 4)
    case_ids = {store.case_id(row) for row in children}
    assert store.events_by_case() == dict.fromkeys(case_ids, 1)
    flags = store.rows("SELECT case_id FROM import_flag WHERE round = %s", ROUND)
    assert sorted(case_id for (case_id,) in flags) == sorted(case_ids)


def test_comparing_a_run_with_the_weighted_rules_adds_and_drops_by_the_weights(
    store: Store, tmp_path: Path
) -> None:
    violence_alone = extract_row(BORN, 1, {"DOMESTIC_VIOLENCE_CALLS": 2})  # weight 3
    small_hardships = extract_row(  # 0.5 each
        BORN, 2, {"SINGLE_GUARDIAN": 1, "GUARDIAN_LABOUR_MIGRANT": 1, "LARGE_FAMILY": 6}
    )
    malnourished_disabled = extract_row(BORN, 3, {"MALNUTRITION": 1, "CHILD_DISABILITY": 1})
    three_cut_offs = extract_row(BORN, 4, THREE)  # 1 each: flagged by both
    poor = extract_row(
        BORN,
        5,
        {
            "OVERCROWDING": 4,
            "SOCIAL_REGISTRY_LOW_INCOME": 1,
            "GUARDIAN_UNEMPLOYED": 200,
            "EMERGENCY_AID_RECEIVED": 1,
        },
    )
    nothing = extract_row(BORN, 6, others="0")
    shelter = extract_row(BORN, 7, {"SHELTER_STAY": 1})  # 2: flagged by neither
    bereaved = extract_row(BORN, 8, {"GUARDIAN_DEATH": 1, "NON_RELATIVE_ADULT_IN_HOUSEHOLD": 1})
    children = [
        violence_alone, small_hardships, malnourished_disabled, three_cut_offs,
        poor, nothing, shelter, bereaved,
    ]  # fmt: skip
    run = store.screen(write_csv(tmp_path / "extract.csv", children))
    events, flags = store.count("cases_events"), store.count("import_flag")

    compared = compare_run(
        store.url,
        run.id,
        "WEIGHTED_2027",
        catalogue=CATALOGUE,
        rule_sets=default_rule_sets(),
    )

    assert (compared.base, compared.candidate) == (ANY_3, "WEIGHTED_2027@1")
    ids = store.case_id
    assert sorted(compared.added) == sorted(
        [ids(violence_alone), ids(malnourished_disabled), ids(bereaved)]
    )
    assert sorted(compared.dropped) == sorted([ids(small_hardships), ids(poor)])
    assert {c: n for c, n in compared.added_by_indicator.items() if n} == dict.fromkeys(
        [
            "CHILD_DISABILITY",
            "MALNUTRITION",
            "GUARDIAN_DEATH",
            "NON_RELATIVE_ADULT_IN_HOUSEHOLD",
            "DOMESTIC_VIOLENCE_CALLS",
        ],
        1,
    )
    assert {c: n for c, n in compared.dropped_by_indicator.items() if n} == dict.fromkeys(
        [
            "SINGLE_GUARDIAN",
            "GUARDIAN_LABOUR_MIGRANT",
            "LARGE_FAMILY",
            "OVERCROWDING",
            "SOCIAL_REGISTRY_LOW_INCOME",
            "GUARDIAN_UNEMPLOYED",
            "EMERGENCY_AID_RECEIVED",
        ],
        1,
    )
    assert set(compared.added_by_indicator) == set(CATALOGUE.codes)
    assert (store.count("cases_events"), store.count("import_flag")) == (events, flags)


def test_comparing_refuses_an_unknown_run_or_rule_set(store: Store, tmp_path: Path) -> None:
    run = store.screen(write_csv(tmp_path / "extract.csv", [extract_row(BORN, 1, THREE)]))
    rule_sets = default_rule_sets()

    with pytest.raises(ExtractError) as unknown_rules:
        compare_run(store.url, run.id, "ANY_2", catalogue=CATALOGUE, rule_sets=rule_sets)
    with pytest.raises(ExtractError) as unknown_run:
        compare_run(store.url, NO_RUN, "WEIGHTED_2027", catalogue=CATALOGUE, rule_sets=rule_sets)

    assert (unknown_rules.value.code, unknown_run.value.code) == ("UNKNOWN_RULE_SET", "NOT_FOUND")


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ((*x.extract_columns(CATALOGUE), "favourite_colour"), "UNKNOWN_COLUMN"),
        (tuple(c for c in x.extract_columns(CATALOGUE) if c != "shelter_stay"), "MISSING_COLUMN"),
    ],
    ids=["unknown column", "missing indicator column"],
)
def test_a_file_whose_header_is_not_the_extract_s_is_refused_whole(
    store: Store, tmp_path: Path, header: tuple[str, ...], code: str
) -> None:
    rows = [extract_row(BORN, n, THREE) | {"favourite_colour": "blue"} for n in range(1, 4)]
    path = write_csv(tmp_path / "extract.csv", [[r[c] for c in header] for r in rows], header)

    with pytest.raises(ExtractError) as refused:
        store.screen(path)

    assert refused.value.code == code
    assert (store.count("cases_events"), store.count("import_flag")) == (0, 0)


def test_the_same_extract_as_parquet_flags_as_the_csv_does(
    store: Store, other_store: Store, tmp_path: Path
) -> None:
    children = [
        extract_row(BORN, 1, THREE),
        extract_row(BORN, 2, {"UTILITY_ARREARS": 1_500_000, "MALNUTRITION": 1, "OVERCROWDING": 3}),
        extract_row(date(2023, 3, 1), 3, {"MISSED_INFANT_CHECKUPS": 2}, care_setting="HOME"),
        extract_row(
            BORN, 4, {"LONG_SCHOOL_ABSENCE": 25.5, "LARGE_FAMILY": 5, "SINGLE_GUARDIAN": 1}
        ),
        extract_row(date(2008, 1, 1), 5, THREE),
        extract_row(BORN, 6, THREE) | {x.PINFL: "1234"},
        extract_row(BORN, 7, {"GAS_CUT_OFF": 1}, others="0"),
        extract_row(date(2021, 9, 9), 8, THREE, care_setting="KINDERGARTEN"),
    ]

    from_csv = store.screen(write_csv(tmp_path / "extract.csv", children))
    from_parquet = other_store.screen(write_parquet(tmp_path / "extract.parquet", children))

    def figures(run: ImportRun) -> tuple[int, ...]:
        return run.rows_read, run.rejected, run.flagged

    assert figures(from_csv) == figures(from_parquet) == (8, 2, 4)
    assert _flag_reasons(other_store, children) == _flag_reasons(store, children)
    assert [(r.line, r.code) for r in ImportRuns(other_store.url).rejects(from_parquet.id)] == [
        (r.line, r.code) for r in ImportRuns(store.url).rejects(from_csv.id)
    ]
