"""Processes started at the same moment on a fresh database: the migrations and the event
store's own tables are made once, under one advisory lock, and nobody crashes."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest

from baxt import bootstrap
from baxt.config import Settings
from baxt.projections.notifier import notifier_runner
from tests.database import scratch_database

STARTED_TOGETHER = 6


def _start_a_process(settings: Settings, together: threading.Barrier) -> None:
    """What serve, project and worker each do first: prepare, then open the event store and
    a tracked subscription."""
    together.wait()
    runtime = bootstrap.prepare(settings)
    bootstrap.case_application(runtime).close()
    with notifier_runner(runtime.event_store_env):
        pass


@pytest.mark.parametrize("attempt", range(3))
def test_processes_started_together_on_a_fresh_database_all_start(
    admin_url: str, tmp_path: Path, attempt: int
) -> None:
    errors: list[BaseException] = []

    def start(settings: Settings, together: threading.Barrier) -> None:
        try:
            _start_a_process(settings, together)
        except BaseException as error:
            errors.append(error)

    with scratch_database(admin_url) as url:
        settings = Settings(database_url=url, data_dir=tmp_path)
        together = threading.Barrier(STARTED_TOGETHER)
        threads = [
            threading.Thread(target=start, args=(settings, together))
            for _ in range(STARTED_TOGETHER)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        with psycopg.connect(url) as conn:
            tables = {
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE tablename LIKE %s OR tablename = %s",
                    ("%_tracking", "cases_events"),
                )
            }

    assert errors == []
    assert {"cases_events", "case_summary_tracking", "notifier_tracking"} <= tables
    assert "webhooks_tracking" in tables
