"""`baxt figures publish | verify | export`: a published quarter stays as it was while more
events arrive, and `verify` fails once one stored event is altered."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.cli import main
from baxt.devtools.demo import load_demo
from baxt.domain.values import FlagSource
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from tests.clock import Clock, events_stamped_by
from tests.factories import child, household
from tests.integration.conftest import CASE_KEY

PLAYED = datetime(2026, 8, 10, 5, 0, tzinfo=UTC)
QUARTER = "2026-Q3"


@pytest.fixture
def env(fresh_database_url: str, tmp_path: Path) -> dict[str, str]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    with events_stamped_by(Clock(PLAYED, tick=timedelta(seconds=1))):
        load_demo(app, clock=lambda: PLAYED, report=lambda _: None)
    app.close()
    return {"BAXT_DATABASE_URL": fresh_database_url, "BAXT_DATA_DIR": str(tmp_path / "data")}


def _run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["figures", *args], env=env, catch_exceptions=False)


def _stored(url: str) -> tuple[str, int]:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT document, tree_size FROM published_quarter WHERE quarter = %s", [QUARTER]
        ).fetchone()
    assert row is not None
    return str(row[0]), int(row[1])


def _flag_one_more(url: str) -> None:
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY)
    try:
        with events_stamped_by(Clock(PLAYED + timedelta(days=3))):
            app.flag_child(
                child=child(), household=household(), source=FlagSource.COMMUNITY_REPORT,
                indicators=[], note="", actor="aziza",
            )  # fmt: skip
    finally:
        app.close()


def _live_flagged(url: str) -> int:
    catch_up_case_summary(event_store_env(url))
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FILTER (WHERE flagged_new OR flagged_again) FROM monitoring_facts"
            " WHERE quarter = %s",
            [QUARTER],
        ).fetchone()
    assert row is not None
    return int(row[0])


def _flagged_total(rows: list[dict[str, str]]) -> int:
    return next(
        int(r["count"]) for r in rows if r["region"] == "TOTAL" and r["measure"] == "FLAGGED"
    )


def _export_csv(env: dict[str, str], tmp_path: Path, name: str) -> list[dict[str, str]]:
    out = tmp_path / f"{name}.csv"
    assert _run(env, "export", QUARTER, "--exact", "-o", str(out)).exit_code == 0
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


def test_a_published_quarter_stays_the_same_while_more_events_arrive(
    env: dict[str, str], tmp_path: Path
) -> None:
    published = _run(env, "publish", QUARTER, "--by", "statistics-office")
    assert published.exit_code == 0, published.output
    document, tree_size = _stored(env["BAXT_DATABASE_URL"])
    before = _export_csv(env, tmp_path, "before")
    assert _flagged_total(before) == _live_flagged(env["BAXT_DATABASE_URL"]) > 0

    _flag_one_more(env["BAXT_DATABASE_URL"])

    assert _live_flagged(env["BAXT_DATABASE_URL"]) == _flagged_total(before) + 1
    assert _stored(env["BAXT_DATABASE_URL"]) == (document, tree_size)
    assert _export_csv(env, tmp_path, "after") == before
    assert _run(env, "verify", QUARTER).exit_code == 0
    again = _run(env, "publish", QUARTER)
    assert again.exit_code == 1
    assert "QUARTER_ALREADY_PUBLISHED" in again.output


def test_verify_fails_when_one_stored_event_is_altered(env: dict[str, str]) -> None:
    assert _run(env, "publish", QUARTER).exit_code == 0
    ok = _run(env, "verify", QUARTER)
    assert ok.exit_code == 0, ok.output
    assert "OK:" in ok.output
    with psycopg.connect(env["BAXT_DATABASE_URL"], autocommit=True) as conn:
        conn.execute(
            "UPDATE cases_events SET state = set_byte(state, 30, get_byte(state, 30) # 8)"
            " WHERE notification_id = (SELECT min(notification_id) FROM cases_events)"
        )

    failed = _run(env, "verify", QUARTER)

    assert failed.exit_code == 1
    assert "their Merkle root differs from the signed one" in failed.output


def test_the_published_row_cannot_be_changed(env: dict[str, str]) -> None:
    assert _run(env, "publish", QUARTER).exit_code == 0
    with (
        psycopg.connect(env["BAXT_DATABASE_URL"], autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("UPDATE published_quarter SET published_by = 'someone else'")


def test_the_xlsx_export_has_the_figures_and_a_definitions_sheet(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert _run(env, "publish", QUARTER).exit_code == 0
    out = tmp_path / "figures.xlsx"
    written = _run(env, "export", QUARTER, "--format", "xlsx", "--language", "en", "-o", str(out))
    assert written.exit_code == 0, written.output
    book = load_workbook(out)
    assert book.sheetnames == ["Figures", "Definitions"]
    rows = list(book["Figures"].iter_rows(values_only=True))
    assert rows[0][:5] == ("quarter", "region", "district", "mahalla", "measure")
    flagged = [r for r in rows if r[1] == "TOTAL" and r[4] == "FLAGGED"]
    assert flagged
    assert flagged[0][6] == "<5" or int(str(flagged[0][6])) >= 5
    names = {str(r[0]): r[1] for r in book["Definitions"].iter_rows(min_row=2, values_only=True)}
    assert names["FLAGGED"] == "Flagged"
