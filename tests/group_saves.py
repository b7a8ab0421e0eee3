"""Concurrent commands on a real event store, caught mid-save: the table's lock held from
outside, so the saves that arrive meanwhile queue and go together once it is let go."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from uuid import UUID

import psycopg

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.saving import Saved
from baxt.domain.values import ContactOutcome, FlagSource
from tests.factories import child, household

SETTLE = 30.0  # a bound on waiting for threads and servers, never a figure asserted
EVENTS = "cases_events"


def flag_cases(app: CaseApplication, count: int) -> list[UUID]:
    return [
        app.flag_child(
            child=child(),
            household=household(),
            source=FlagSource.SOCIAL_REGISTRY,
            indicators=["WATER_CUTOFF"],
            note="",
            actor="registry",
        ).case_id
        for _ in range(count)
    ]


def contact(app: CaseApplication, case_id: UUID) -> Saved:
    """A command of one event: a call that reached the family."""
    now = app.now()
    return app.change_case(
        case_id,
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=now + timedelta(days=1),
            note="",
            actor="caseworker",
            now=now,
        ),
    )


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + SETTLE
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


@contextmanager
def table_locked(url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """Holds the lock every insert into the event table takes, until the block ends."""
    with psycopg.connect(url) as conn:
        conn.execute(f"LOCK TABLE {EVENTS} IN EXCLUSIVE MODE")
        yield conn
        conn.rollback()


def inserts_waiting(url: str) -> int:
    """How many sessions wait for the event table's lock to insert."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND datname = current_database() AND query LIKE 'LOCK TABLE%%cases_events%%'"
        ).fetchone()
    return int(row[0]) if row else 0


def queue_behind_a_held_save(
    url: str, app: CaseApplication, pool: ThreadPoolExecutor, first: UUID, then: list[UUID]
) -> tuple[Future[Saved], list[Future[Saved]]]:
    """Starts a command on `first`, whose save waits for the lock the caller holds, then the
    commands on `then`, which queue behind it; returns once all of them are waiting."""
    leading = pool.submit(contact, app, first)
    until(lambda: inserts_waiting(url) == 1, "the first save never waited for the lock")
    queued = [pool.submit(contact, app, case_id) for case_id in then]
    commit = app.group_commit
    assert commit is not None
    until(lambda: commit.waiting == len(then), "the other saves never queued")
    return leading, queued


def transactions_of(url: str, after: int) -> int:
    """How many transactions wrote the events after notification `after`."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            f"SELECT count(DISTINCT xmin::text) FROM {EVENTS} WHERE notification_id > %s",
            (after,),
        ).fetchone()
    return int(row[0]) if row else 0


def last_position(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT coalesce(max(notification_id), 0) FROM {EVENTS}").fetchone()
    return int(row[0]) if row else 0


def stored(url: str) -> set[tuple[UUID, int]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(f"SELECT originator_id, originator_version FROM {EVENTS}").fetchall()
    return {(row[0], row[1]) for row in rows}
