"""One running copy of each follower at a time, on the real PostgreSQL: the other copy
stands by, takes over when the first stops or loses its lock connection, and a screening
import beside running followers records nothing twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from baxt import bootstrap
from baxt.application.followers.group import Supervision, supervised
from baxt.application.followers.states import FollowerState
from baxt.application.followers.supervisor import Supervisor
from baxt.bootstrap import followers as following
from baxt.config import Settings
from baxt.domain.values import FlagSource
from tests.factories import child, household

QUICK = Supervision(heartbeat_seconds=0.1, stale_seconds=5)


@pytest.fixture
def runtime(fresh_database_url: str, tmp_path: Path) -> bootstrap.Runtime:
    return bootstrap.prepare(Settings(database_url=fresh_database_url, data_dir=tmp_path))


@pytest.fixture
def two_notifiers(runtime: bootstrap.Runtime) -> Iterator[list[Supervisor]]:
    copies = [
        supervised(*following.notifier(runtime), runtime.database_url, QUICK) for _ in range(2)
    ]
    for copy in copies:
        copy.start()
    yield copies
    for copy in copies:
        copy.stop()


def test_of_two_copies_of_the_notifier_one_runs_and_the_other_stands_by(
    runtime: bootstrap.Runtime, two_notifiers: list[Supervisor]
) -> None:
    assert _eventually(lambda: _states(two_notifiers) == ["running", "standby"])
    assert _eventually(lambda: _rows(runtime.database_url, "notifier") == ["running", "standby"])


def test_the_standby_takes_over_and_follows_when_the_running_copy_stops(
    runtime: bootstrap.Runtime, two_notifiers: list[Supervisor]
) -> None:
    assert _eventually(lambda: _states(two_notifiers) == ["running", "standby"])
    running = next(c for c in two_notifiers if c.status.state is FollowerState.RUNNING)
    standby = next(c for c in two_notifiers if c is not running)

    running.stop()

    assert _eventually(lambda: standby.status.state is FollowerState.RUNNING)
    standby.wait(_flag_one(runtime), timeout=30)
    assert _rows(runtime.database_url, "notifier") == ["running"]


def test_a_copy_whose_lock_connection_is_killed_stops_and_one_copy_runs_again(
    runtime: bootstrap.Runtime, two_notifiers: list[Supervisor]
) -> None:
    assert _eventually(lambda: _states(two_notifiers) == ["running", "standby"])
    holder = _lock_holder(runtime.database_url)

    with psycopg.connect(runtime.database_url, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (holder,))

    assert _eventually(lambda: _states(two_notifiers) == ["running", "standby"])
    assert _lock_holder(runtime.database_url) != holder
    last = _flag_one(runtime)
    assert _eventually(lambda: max(c.status.position for c in two_notifiers) >= last)


def test_a_screening_import_beside_running_followers_records_no_tracking_twice(
    runtime: bootstrap.Runtime, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "BAXT_DATABASE_URL": runtime.database_url,
        "BAXT_DATA_DIR": str(tmp_path),
        "BAXT_CASE_KEY": "lock-test-case-key",
    }
    extract = tmp_path / "extract.csv"
    _baxt(env, "screening", "synth", "--children", "400", "--out", str(extract), "--bad-rows", "0")
    followers = following.every_follower(runtime)

    with following.supervising(runtime, *followers) as project:
        imported = _baxt(env, "screening", "import", str(extract), check=False)
        notifier = following.named(project, "notifier")
        assert _eventually(lambda: notifier.status.lag == 0 and notifier.heartbeats > 2)

    assert imported.returncode == 0, imported.stderr[-2000:]
    assert "IntegrityError" not in imported.stderr
    assert "flagged" in imported.stdout


def _baxt(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "baxt", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


def _flag_one(runtime: bootstrap.Runtime) -> int:
    app = bootstrap.case_application(runtime)
    try:
        saved = app.flag_child(
            child=child(),
            household=household(),
            source=FlagSource.SOCIAL_REGISTRY,
            indicators=["GAS_CUTOFF"],
            note="",
            actor="lock test",
        )
        return saved.notification_id
    finally:
        app.close()


def _states(copies: list[Supervisor]) -> list[str]:
    return sorted(copy.status.state.value for copy in copies)


def _rows(url: str, name: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT state FROM follower_status WHERE name = %s ORDER BY state", (name,)
        ).fetchall()
    return [row[0] for row in rows]


def _lock_holder(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
            " WHERE l.locktype = 'advisory' AND l.granted"
            " AND a.application_name = 'baxt follower notifier'"
        ).fetchone()
    assert row is not None
    return int(row[0])


def _eventually(holds: Callable[[], bool], within: float = 30.0) -> bool:
    deadline = time.monotonic() + within
    while not holds():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
