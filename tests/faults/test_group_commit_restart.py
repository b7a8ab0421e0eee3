"""A PostgreSQL restart while a group of saves is in flight: each caller's answer is true to
what the event store holds."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.saving import Saved
from baxt.application.transient import ServiceUnavailable
from baxt.bootstrap import event_store_env
from baxt.migrations import apply_migrations
from tests.faults.private_postgres import PrivatePostgres
from tests.group_saves import (
    EVENTS,
    SETTLE,
    flag_cases,
    inserts_waiting,
    queue_behind_a_held_save,
    stored,
    table_locked,
    until,
)
from tests.unit.helpers import CASE_KEY


@pytest.fixture
def cluster_app(private_postgres: PrivatePostgres) -> Iterator[tuple[str, CaseApplication]]:
    with psycopg.connect(private_postgres.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE baxt")
    url = private_postgres.url("baxt")
    apply_migrations(url)
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY)
    yield url, app
    app.close()


def _hold_the_lock_until_the_server_goes(url: str, holding: threading.Event) -> None:
    try:
        with psycopg.connect(url) as conn:
            conn.execute(f"LOCK TABLE {EVENTS} IN EXCLUSIVE MODE")
            holding.set()
            conn.execute("SELECT pg_sleep(%s)", (SETTLE * 2,))
    except psycopg.OperationalError:
        pass  # the restart ended this session, and let the lock go


def test_a_restart_mid_group_gives_each_caller_a_true_answer(
    private_postgres: PrivatePostgres, cluster_app: tuple[str, CaseApplication]
) -> None:
    url, app = cluster_app
    first, *others = flag_cases(app, 10)
    holding = threading.Event()
    blocker = threading.Thread(target=_hold_the_lock_until_the_server_goes, args=(url, holding))

    with ThreadPoolExecutor(max_workers=10) as pool:
        with table_locked(url):
            leading, queued = queue_behind_a_held_save(url, app, pool, first, others)
            blocker.start()  # it queues for the lock behind the first save
            until(lambda: inserts_waiting(url) == 2, "the blocker never queued for the lock")
        until(holding.is_set, "the blocker never took the lock")
        until(lambda: inserts_waiting(url) == 1, "the group's insert never waited")
        private_postgres.restart()
        outcomes = [f.exception(SETTLE) or f.result() for f in queued]
    blocker.join(SETTLE)

    assert isinstance(leading.result(), Saved)
    held = stored(url)
    for case_id, outcome in zip(others, outcomes, strict=True):
        if isinstance(outcome, Saved):
            assert (case_id, outcome.version) in held
        else:
            assert isinstance(outcome, ServiceUnavailable), repr(outcome)
            if outcome.retryable:
                assert (case_id, 2) not in held
    kinds = {type(o).__name__ for o in outcomes}
    print(f"\nthe group's callers after the restart: {sorted(kinds)}")
