"""The followers' supervisor: every error starts the follower again, with backoff, each new
failure is logged once with its event, and the lock lets one copy run at a time."""

from __future__ import annotations

import logging

import pytest

from baxt.application.followers.states import FollowerState
from tests.unit.followers import (
    FAILING_NOTIFICATION,
    FAILING_TOPIC,
    DatabaseRestartFollower,
    FlakyFollower,
    MemoryLock,
    QuittingFollower,
    Seats,
    eventually,
    quick,
)


def test_a_follower_that_fails_three_times_is_started_four_times_and_then_runs() -> None:
    follower, seats = FlakyFollower(failures=3), Seats()

    with quick(follower, seats) as supervisor:
        assert eventually(lambda: supervisor.status.state is FollowerState.RUNNING)

    assert follower.starts == 4


def test_a_failure_repeated_on_the_same_event_is_logged_once_with_that_event(
    caplog: pytest.LogCaptureFixture,
) -> None:
    follower, seats = FlakyFollower(failures=3), Seats()

    with caplog.at_level(logging.DEBUG), quick(follower, seats) as supervisor:
        assert eventually(lambda: supervisor.status.state is FollowerState.RUNNING)

    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert f"notification {FAILING_NOTIFICATION} ({FAILING_TOPIC})" in errors[0]
    assert "RuntimeError: the view is down" in errors[0]


def test_a_run_of_failures_outside_any_event_is_logged_once_however_they_are_worded(
    caplog: pytest.LogCaptureFixture,
) -> None:
    follower, seats = DatabaseRestartFollower(failures=3), Seats()

    with caplog.at_level(logging.DEBUG), quick(follower, seats) as supervisor:
        assert eventually(lambda: supervisor.status.state is FollowerState.RUNNING)

    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "outside any event: ConnectionError: connection refused" in errors[0]


def test_the_seat_is_told_starting_then_restarting_then_running_with_the_last_error() -> None:
    follower, seats = FlakyFollower(failures=1), Seats()

    with quick(follower, seats) as supervisor:
        assert eventually(lambda: FollowerState.RUNNING in seats.states())
        status = supervisor.status

    told = iter(seats.states())
    order = [FollowerState.STARTING, FollowerState.RESTARTING, FollowerState.RUNNING]
    assert all(state in told for state in order), seats.states()
    assert status.last_error is not None
    assert "the view is down" in status.last_error
    assert str(FAILING_NOTIFICATION) in status.last_error


def test_the_same_event_failing_again_and_again_shows_the_follower_as_failed() -> None:
    follower, seats = FlakyFollower(failures=1000), Seats()

    with quick(follower, seats) as supervisor:
        assert eventually(lambda: supervisor.status.state is FollowerState.FAILED)
        assert supervisor.status.failures >= 3


def test_a_follower_that_stops_by_itself_is_started_again() -> None:
    follower, seats = QuittingFollower(), Seats()

    with quick(follower, seats) as supervisor:
        assert eventually(lambda: supervisor.status.state is FollowerState.RUNNING)
        assert supervisor.status.last_error == "FollowerEnded: quitting stopped following by itself"

    assert follower.starts == 2


def test_a_second_copy_stands_by_and_takes_over_when_the_first_stops() -> None:
    lock = MemoryLock()
    first, second = FlakyFollower(failures=0), FlakyFollower(failures=0)
    running = quick(first, Seats(lock)).start()
    assert eventually(lambda: running.status.state is FollowerState.RUNNING)

    with quick(second, Seats(lock)) as standing_by:
        assert eventually(lambda: standing_by.status.state is FollowerState.STANDBY)
        assert second.starts == 0
        running.stop()
        assert eventually(lambda: standing_by.status.state is FollowerState.RUNNING)

    assert (first.starts, second.starts) == (1, 1)


def test_a_lost_seat_stops_the_follower_and_it_runs_again_on_a_new_seat() -> None:
    follower, seats = FlakyFollower(failures=0), Seats()

    with quick(follower, seats) as supervisor:
        assert eventually(lambda: supervisor.status.state is FollowerState.RUNNING)
        seats.opened[0].lose()
        assert eventually(lambda: len(seats.opened) >= 2 and follower.starts == 2)
        assert eventually(lambda: supervisor.status.state is FollowerState.RUNNING)

    assert supervisor.status.last_error is not None
    assert "lock connection of flaky was lost" in supervisor.status.last_error


def test_a_stopped_copy_leaves_its_seat_saying_stopped() -> None:
    follower, seats = FlakyFollower(failures=0), Seats()

    with quick(follower, seats) as supervisor:
        assert eventually(lambda: supervisor.status.state is FollowerState.RUNNING)

    left = seats.opened[-1].left
    assert left is not None
    assert left.state is FollowerState.STOPPED
    assert seats.lock.holder is None


def test_waiting_for_a_position_the_heartbeat_has_measured_returns() -> None:
    follower, seats = FlakyFollower(failures=0), Seats()

    with quick(follower, seats) as supervisor:
        supervisor.wait(42, timeout=10)
        with pytest.raises(TimeoutError):
            supervisor.wait(43, timeout=0.05)
