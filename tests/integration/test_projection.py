from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.utils import Environment

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.values import ContactOutcome, FlagSource, Visit
from baxt.migrations import apply_migrations
from baxt.projections.case_summary import (
    CaseSummaryProjection,
    CaseSummaryView,
    Statement,
    case_summary_runner,
)
from baxt.projections.catch_up import catch_up
from tests.factories import child, hours_ago, household
from tests.integration.conftest import CASE_KEY

Rows = list[tuple[Any, ...]]


class PowerCutView(CaseSummaryView):
    """Fails inside the transaction after its row is written, before its tracking is."""

    writes_before_cut = 7
    writes = 0

    def write(self, statements: Sequence[Statement], tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as curs:
            for statement, params in statements:
                curs.execute(statement.encode(), params)
            type(self).writes += 1
            if type(self).writes > self.writes_before_cut:
                raise RuntimeError("power cut")
            self._insert_tracking(curs, tracking)


@pytest.fixture
def events_db(fresh_database_url: str) -> Iterator[tuple[str, CaseApplication]]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    yield fresh_database_url, app
    app.close()


def _write_cases(app: CaseApplication, count: int) -> int:
    """Saves `count` cases of four events each, in batches; returns the last notification ID."""
    batch: list[Case] = []
    for n in range(count):
        case = Case.flag(
            case_id=app.case_id_for(f"case-{n}"),
            child=child(),
            household=household(),
            source=FlagSource.RISK_SCREENING,
            indicators=["WATER_CUTOFF"],
            note="",
            actor="bulk",
            now=hours_ago(3),
        )
        case.record_contact_attempt(
            outcome=ContactOutcome.NO_ANSWER, visit_scheduled_at=None, note="", actor="bulk"
        )
        case.record_contact_attempt(
            outcome=ContactOutcome.REACHED, visit_scheduled_at=hours_ago(2), note="", actor="bulk"
        )
        case.record_visit(
            visit=Visit(hours_ago(1), n % 2 == 0, True, "", False), actor="bulk", now=hours_ago(0)
        )
        batch.append(case)
        if len(batch) == 100 or n == count - 1:
            app.save(*batch)
            batch = []
    last = app.recorder.max_notification_id()
    assert last is not None
    return last


def _run_until(
    url: str, notification_id: int, view: type[CaseSummaryView] = CaseSummaryView
) -> None:
    with case_summary_runner(event_store_env(url), view) as runner:
        runner.wait(notification_id, timeout=120)


def _rows(url: str) -> Rows:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT * FROM case_summary ORDER BY case_id").fetchall()


def _tracked(url: str) -> int:
    with psycopg.connect(url) as conn:
        try:
            row = conn.execute(
                "SELECT notification_id FROM case_summary_tracking WHERE application_name='Cases'"
            ).fetchone()
        except psycopg.errors.UndefinedTable:
            return 0
    return int(row[0]) if row else 0


def _rebuilt_from_scratch(url: str, last: int) -> Rows:
    with psycopg.connect(url) as conn:
        conn.execute("TRUNCATE case_summary")
        conn.execute("DELETE FROM case_summary_tracking WHERE application_name = 'Cases'")
    _run_until(url, last)
    return _rows(url)


def test_the_projection_shows_each_case_as_its_events_left_it(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    last = _write_cases(app, 4)

    _run_until(url, last)

    rows = _rows(url)
    assert len(rows) == 4
    with psycopg.connect(url) as conn:
        summary = conn.execute(
            "SELECT status, contact_attempts, child_seen, version, jsonb_array_length(visits)"
            " FROM case_summary ORDER BY child_seen"
        ).fetchall()
    assert summary == [("VISITED", 2, False, 4, 1)] * 2 + [("VISITED", 2, True, 4, 1)] * 2


def test_a_failure_inside_a_write_leaves_no_trace_and_the_restart_resumes_exactly(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    last = _write_cases(app, 10)

    with pytest.raises(RuntimeError, match="power cut"):
        _run_until(url, last, view=PowerCutView)
    assert _tracked(url) == PowerCutView.writes_before_cut
    _run_until(url, last)

    after_restart = _rows(url)
    assert after_restart == _rebuilt_from_scratch(url, last)
    assert len(after_restart) == 10


def test_killing_the_projection_process_mid_stream_and_restarting_equals_a_rebuild(
    events_db: tuple[str, CaseApplication], tmp_path: Path
) -> None:
    url, app = events_db
    last = _write_cases(app, 1500)
    env = {
        **os.environ,
        "BAXT_DATABASE_URL": url,
        "BAXT_DATA_DIR": str(tmp_path),
        "BAXT_PROJECTION_BATCH_SIZE": "40",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "baxt", "project"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while _tracked(url) < 200 and time.monotonic() < deadline:
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=10)
    killed_at = _tracked(url)
    assert 200 <= killed_at < last, "the kill must land mid-stream"

    _run_until(url, last)

    assert _tracked(url) == last
    assert _rows(url) == _rebuilt_from_scratch(url, last)


class PowerCutBatchView(CaseSummaryView):
    """Fails inside its third batch's transaction, after running the batch's statements."""

    batches = 0

    def write(self, statements: Sequence[Statement], tracking: Tracking) -> None:
        type(self).batches += 1
        if type(self).batches == 3:
            with self.datastore.transaction(commit=True) as curs:
                for statement, params in statements:
                    curs.execute(statement.encode(), params)
                raise RuntimeError("power cut")
        super().write(statements, tracking)


def _batch_view(url: str, view: type[CaseSummaryView]) -> CaseSummaryView:
    factory = InfrastructureFactory[CaseSummaryView].construct(
        env=Environment(CaseSummaryProjection.name, event_store_env(url))
    )
    return factory.tracking_recorder(view)


def test_catching_up_in_batches_gives_the_rows_live_projection_gives(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    last = _write_cases(app, 30)

    projected = catch_up(app, _batch_view(url, CaseSummaryView), batch_size=7)

    assert projected == last
    assert _tracked(url) == last
    assert _rows(url) == _rebuilt_from_scratch(url, last)


def test_a_batch_that_fails_midway_leaves_no_trace_and_catching_up_again_resumes(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    last = _write_cases(app, 30)

    with pytest.raises(RuntimeError, match="power cut"):
        catch_up(app, _batch_view(url, PowerCutBatchView), batch_size=10)
    assert _tracked(url) == 20
    catch_up(app, _batch_view(url, CaseSummaryView), batch_size=10)

    assert _tracked(url) == last
    assert _rows(url) == _rebuilt_from_scratch(url, last)
