"""Which outbox rows the dispatcher hands to the broker, on the real PostgreSQL.

An urgent message enqueued but not sent within a short wait is enqueued again; any other
waits far longer. Rows are written with times relative to the server's clock, far from
either wait, so no test depends on how fast it runs.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from uuid import UUID

import psycopg
import pytest

from baxt.migrations import apply_migrations
from baxt.workers.dispatcher import Dispatcher
from tests.database import scratch_database

SHORT_WAIT = timedelta(seconds=15)
LONG_WAIT = timedelta(minutes=10)
_INSERT = """
INSERT INTO notification (id, case_id, kind, urgent, recipient, channel, address, language,
                          status, attempts, enqueued_at, created_at, updated_at)
VALUES (%(id)s, %(id)s, 'SAFETY_CONCERN', %(urgent)s, 'sup.chilonzor', 'SMS', '+998712000001',
        'ru', %(status)s, %(attempts)s, now() - make_interval(secs => %(enqueued)s),
        now() - make_interval(secs => %(created)s), now() - make_interval(secs => %(updated)s))
"""


@pytest.fixture(scope="module")
def outbox_url(admin_url: str) -> Iterator[str]:
    with scratch_database(admin_url) as url:
        apply_migrations(url)
        yield url


@pytest.fixture
def url(outbox_url: str) -> str:
    with psycopg.connect(outbox_url) as conn:
        conn.execute("DELETE FROM notification")
    return outbox_url


class Broker:
    """Records what it was handed; refuses the calls numbered in `refuse` (from 1)."""

    def __init__(self, refuse: set[int] | None = None) -> None:
        self.sent: list[UUID] = []
        self.calls = 0
        self._refuse = refuse or set()

    def enqueue(self, notification_id: UUID) -> None:
        self.calls += 1
        if self.calls in self._refuse:
            raise ConnectionError("the broker is down")
        self.sent.append(notification_id)


def _row(
    url: str,
    *,
    urgent: bool,
    enqueued_ago: float | None,
    updated_ago: float | None = None,
    status: str = "PENDING",
    attempts: int = 0,
    created_ago: float = 3600.0,
) -> UUID:
    row_id = uuid.uuid4()
    params = {
        "id": row_id,
        "urgent": urgent,
        "status": status,
        "attempts": attempts,
        "enqueued": enqueued_ago,
        "created": created_ago,
        "updated": enqueued_ago if updated_ago is None else updated_ago,
    }
    with psycopg.connect(url) as conn:
        conn.execute(_INSERT, params)
    return row_id


def _dispatcher(url: str, broker: Broker, *, sweep_every: float = 5.0) -> Dispatcher:
    return Dispatcher(
        url,
        broker.enqueue,
        stale_after=LONG_WAIT,
        urgent_stale_after=SHORT_WAIT,
        sweep_every=sweep_every,
    )


def _sweep(url: str) -> list[UUID]:
    broker = Broker()
    _dispatcher(url, broker).dispatch_due()
    return broker.sent


def test_new_messages_are_enqueued_at_once_urgent_or_not(url: str) -> None:
    urgent = _row(url, urgent=True, enqueued_ago=None, updated_ago=0)
    ordinary = _row(url, urgent=False, enqueued_ago=None, updated_ago=0)

    assert sorted(_sweep(url)) == sorted([urgent, ordinary])


def test_an_urgent_message_enqueued_a_minute_ago_and_still_unsent_is_enqueued_again(
    url: str,
) -> None:
    lost = _row(url, urgent=True, enqueued_ago=60)

    assert _sweep(url) == [lost]


def test_an_ordinary_message_enqueued_a_minute_ago_is_left_to_the_broker(url: str) -> None:
    _row(url, urgent=False, enqueued_ago=60)

    assert _sweep(url) == []


def test_an_ordinary_message_enqueued_eleven_minutes_ago_and_still_unsent_is_enqueued_again(
    url: str,
) -> None:
    lost = _row(url, urgent=False, enqueued_ago=11 * 60)

    assert _sweep(url) == [lost]


def test_an_urgent_message_enqueued_just_now_is_left_to_the_broker(url: str) -> None:
    _row(url, urgent=True, enqueued_ago=2)

    assert _sweep(url) == []


def test_an_urgent_message_whose_row_moved_seconds_ago_is_left_to_its_retry(url: str) -> None:
    _row(url, urgent=True, enqueued_ago=60, updated_ago=2, status="RETRYING")

    assert _sweep(url) == []


def test_an_urgent_message_that_failed_twice_waits_four_times_as_long_for_its_retry(
    url: str,
) -> None:
    _row(url, urgent=True, enqueued_ago=50, status="RETRYING", attempts=2)
    overdue = _row(url, urgent=True, enqueued_ago=70, status="RETRYING", attempts=2)

    assert _sweep(url) == [overdue]


def test_an_urgent_message_that_failed_many_times_waits_no_longer_than_an_ordinary_one(
    url: str,
) -> None:
    _row(url, urgent=True, enqueued_ago=9 * 60, status="RETRYING", attempts=20)
    overdue = _row(url, urgent=True, enqueued_ago=11 * 60, status="RETRYING", attempts=20)

    assert _sweep(url) == [overdue]


def test_sent_and_dead_messages_are_never_enqueued_again(url: str) -> None:
    for status in ("SENT", "DEAD"):
        for urgent in (True, False):
            _row(url, urgent=urgent, enqueued_ago=3600, status=status)

    assert _sweep(url) == []


def test_a_message_enqueued_again_is_not_enqueued_a_third_time_by_the_next_sweep(
    url: str,
) -> None:
    lost = _row(url, urgent=True, enqueued_ago=60)

    assert _sweep(url) == [lost]
    assert _sweep(url) == []


def test_urgent_messages_are_handed_over_before_older_ordinary_ones(url: str) -> None:
    ordinary = _row(url, urgent=False, enqueued_ago=None, updated_ago=0, created_ago=600)
    urgent = _row(url, urgent=True, enqueued_ago=None, updated_ago=0, created_ago=1)

    assert _sweep(url) == [urgent, ordinary]


def test_a_message_being_sent_is_passed_over_without_waiting_for_its_lock(url: str) -> None:
    sending = _row(url, urgent=True, enqueued_ago=60)
    other = _row(url, urgent=True, enqueued_ago=60)
    broker = Broker()
    with psycopg.connect(url) as delivery:
        delivery.execute("SELECT 1 FROM notification WHERE id = %s FOR UPDATE", (sending,))
        sweep = threading.Thread(target=_dispatcher(url, broker).dispatch_due, daemon=True)
        sweep.start()
        sweep.join(timeout=30)
        finished_while_locked = not sweep.is_alive()

    assert finished_while_locked
    assert broker.sent == [other]
    assert _sweep(url) == [sending]


def test_messages_the_broker_refused_are_offered_again_by_the_next_sweep(url: str) -> None:
    rows = [
        _row(url, urgent=True, enqueued_ago=None, updated_ago=0, created_ago=n) for n in (3, 2, 1)
    ]
    refusing = Broker(refuse={2})

    with pytest.raises(ConnectionError):
        _dispatcher(url, refusing).dispatch_due()

    assert refusing.sent == rows[:1]
    assert _sweep(url) == rows[1:]


def test_the_dispatcher_keeps_dispatching_through_a_broker_outage(url: str) -> None:
    waiting = _row(url, urgent=True, enqueued_ago=None, updated_ago=0)
    broker = Broker(refuse={1, 2, 3})
    stop = threading.Event()
    dispatcher = _dispatcher(url, broker, sweep_every=0.2)
    running = threading.Thread(target=dispatcher.run, args=(stop,), daemon=True)
    running.start()
    try:
        for _ in range(300):
            if broker.sent:
                break
            stop.wait(0.1)
    finally:
        stop.set()
        running.join(timeout=30)

    assert broker.sent == [waiting]
    assert broker.calls == 4
    assert not running.is_alive()
