"""A PostgreSQL restart under load: every process recovers by itself, no accepted write is
lost, and the read model equals a rebuild.

`baxt project` and `baxt serve --no-projections --no-workers` run as real processes on a
PostgreSQL cluster of the test's own, while clients send mutations; the cluster is then
restarted as an operator would (`pg_ctl restart -m fast`). The test records how long the
followers took to run again, for the release notes.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
import pytest
from pydantic import SecretStr

from baxt import bootstrap
from baxt.application.access.principal import Role
from baxt.config import Settings
from tests.faults.mutation_load import MutationLoad
from tests.faults.private_postgres import PrivatePostgres
from tests.faults.processes import baxt_process, run_baxt
from tests.services import free_port

FOLLOWERS = {"case_summary", "notifier", "webhooks", "ledger"}
JWT_SECRET = "restart-test-jwt-secret-of-32-bytes!"
RECOVER_WITHIN = 10.0  # what the followers promise once the database is back
SETTLE_WITHIN = 60.0  # a bound on steps that are not measured, such as a process starting
LOAD_BEFORE, LOAD_AFTER = 3.0, 2.0


@dataclass(frozen=True)
class System:
    """Baxt's processes on the private cluster, and how to reach them."""

    cluster: PrivatePostgres
    database_url: str
    api_url: str
    env: dict[str, str]
    token: str


@pytest.fixture
def system(private_postgres: PrivatePostgres, tmp_path: Path) -> Iterator[System]:
    with psycopg.connect(private_postgres.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE baxt")
    url, port = private_postgres.url("baxt"), free_port()
    env = {
        **os.environ,
        "BAXT_DATABASE_URL": url,
        "BAXT_DATA_DIR": str(tmp_path / "data"),
        "BAXT_JWT_SECRET": JWT_SECRET,
        "BAXT_CASE_KEY": "restart-test-case-key",
        "BAXT_RATE_LIMIT": "1000000/minute",
    }
    migrated = run_baxt(env, "migrate")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    settings = Settings(jwt_secret=SecretStr(JWT_SECRET), data_dir=tmp_path / "data")
    token = bootstrap.token_issuer(settings).issue(
        "aziza.caseworker", Role.CASEWORKER, hours=1, scope={"mahallas": ["Bunyodkor"]}
    )
    with ExitStack() as running:
        running.enter_context(baxt_process(env, "project", log=tmp_path / "project.log"))
        api = ["serve", "--no-projections", "--no-workers", "--port", str(port)]
        running.enter_context(baxt_process(env, *api, log=tmp_path / "serve.log"))
        yield System(private_postgres, url, f"http://127.0.0.1:{port}", env, token)


async def test_a_restart_under_load_is_recovered_from_and_loses_no_accepted_write(
    system: System, record_property: Callable[[str, object], None]
) -> None:
    assert await _eventually(lambda: _ready(system), SETTLE_WITHIN), "the system never got ready"
    load, stop = MutationLoad(system.api_url, system.token), asyncio.Event()
    sending = asyncio.create_task(load.run(stop))
    await asyncio.sleep(LOAD_BEFORE)

    began = datetime.now(UTC)
    restart_seconds = await asyncio.to_thread(system.cluster.restart)
    back = datetime.now(UTC)
    recovered = await _eventually(lambda: _all_running_since(system.database_url, began), 60)
    recovery_seconds = (datetime.now(UTC) - back).total_seconds()
    await asyncio.sleep(LOAD_AFTER)
    stop.set()
    await sending

    record_property("postgres_restart_seconds", round(restart_seconds, 2))
    record_property("followers_recovery_seconds", round(recovery_seconds, 2))
    print(  # the figures the release notes quote, shown with or without -s
        f"\npg_ctl restart -m fast took {restart_seconds:.2f} s; every follower ran again"
        f" {recovery_seconds:.2f} s after the database was back;"
        f" {len(load.saved())} of {len(load.answers)} mutations answered with data, the"
        f" others with {dict(Counter(load.codes()))}"
    )
    assert recovered, "the followers did not all run again"
    assert recovery_seconds <= RECOVER_WITHIN
    assert await _eventually(lambda: _no_lag(system.database_url), SETTLE_WITHIN)
    assert _missing(system.database_url, load) == []
    assert len(load.saved()) > 0
    assert "INTERNAL_SERVER_ERROR" not in load.codes()
    assert "NO_CODE" not in load.codes()
    checked = run_baxt(system.env, "project", "--check", "case_summary")
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr[-2000:]


def _ready(system: System) -> bool:
    try:
        answer = httpx.get(f"{system.api_url}/readyz", timeout=5)
    except httpx.HTTPError:
        return False
    running = {f["name"] for f in answer.json().get("followers", []) if f["state"] == "running"}
    return answer.status_code == 200 and running == FOLLOWERS


def _all_running_since(url: str, began: datetime) -> bool:
    """Whether every follower has a copy running again, started after `began`."""
    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            rows = conn.execute(
                "SELECT name FROM follower_status WHERE state = 'running' AND since > %s"
                " AND heartbeat_at > now() - interval '5 seconds'",
                (began,),
            ).fetchall()
    except psycopg.OperationalError:
        return False
    return {row[0] for row in rows} == FOLLOWERS


def _no_lag(url: str) -> bool:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT name FROM follower_status WHERE state = 'running' AND lag = 0"
        ).fetchall()
    return {row[0] for row in rows} == FOLLOWERS


def _missing(url: str, load: MutationLoad) -> list[tuple[str, int]]:
    """The answered (case, version) pairs the event store does not hold."""
    with psycopg.connect(url) as conn:
        stored = set(conn.execute("SELECT originator_id, originator_version FROM cases_events"))
    return [
        (str(answer.case_id), answer.version or 0)
        for answer in load.saved()
        if (answer.case_id, answer.version) not in stored
    ]


async def _eventually(holds: Callable[[], bool], within: float) -> bool:
    deadline = asyncio.get_running_loop().time() + within
    while not await asyncio.to_thread(holds):
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True
