"""Hand-written fakes for the followers' supervisor: followers that fail as told, and seats
that keep their lock and status rows in memory."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from baxt.application.followers.backoff import Backoff
from baxt.application.followers.errors import mark_event
from baxt.application.followers.states import (
    Follower,
    FollowerState,
    FollowerStatus,
    Measured,
    Report,
)
from baxt.application.followers.supervisor import Supervisor

FAILING_NOTIFICATION = 7
FAILING_TOPIC = "tests.unit:Happened"


class FlakyFollower:
    """Fails on the same event its first `failures` runs, then runs until stopped."""

    name = "flaky"

    def __init__(self, failures: int) -> None:
        self.failures_left = failures
        self.starts = 0

    def follow(self, stop: threading.Event, report: Report) -> None:
        self.starts += 1
        report(FollowerState.CATCHING_UP)
        if self.failures_left:
            self.failures_left -= 1
            error = RuntimeError("the view is down")
            mark_event(error, FAILING_NOTIFICATION, FAILING_TOPIC)
            raise error
        report(FollowerState.RUNNING)
        stop.wait()


class DatabaseRestartFollower:
    """Fails its first `failures` runs as a restarting database fails it, each time with
    another message and on no event; then runs until stopped."""

    name = "through_a_restart"

    def __init__(self, failures: int) -> None:
        self.failures_left = failures

    def follow(self, stop: threading.Event, report: Report) -> None:
        if self.failures_left:
            self.failures_left -= 1
            raise ConnectionError(f"connection refused ({self.failures_left} more to come)")
        report(FollowerState.RUNNING)
        stop.wait()


class QuittingFollower:
    """Returns, once, without being asked to stop; then runs until stopped."""

    name = "quitting"

    def __init__(self) -> None:
        self.starts = 0

    def follow(self, stop: threading.Event, report: Report) -> None:
        self.starts += 1
        if self.starts == 1:
            return
        report(FollowerState.RUNNING)
        stop.wait()


class MemoryLock:
    """An advisory lock held by at most one seat."""

    def __init__(self) -> None:
        self.holder: MemorySeat | None = None
        self._mutex = threading.Lock()

    def take(self, seat: MemorySeat) -> bool:
        with self._mutex:
            if self.holder is None:
                self.holder = seat
            return self.holder is seat

    def free(self, seat: MemorySeat) -> None:
        with self._mutex:
            if self.holder is seat:
                self.holder = None


class MemorySeat:
    """A seat whose lock and status rows live in memory; `lose()` makes it stop answering."""

    def __init__(self, lock: MemoryLock, reports: list[FollowerStatus]) -> None:
        self._lock = lock
        self.reports = reports
        self.lost = False
        self.left: FollowerStatus | None = None

    def take(self) -> bool:
        return self._lock.take(self)

    def claim(self) -> None:
        return None

    def report(self, status: FollowerStatus) -> Measured:
        if self.lost:
            raise ConnectionError("the seat's connection is gone")
        self.reports.append(status)
        return Measured(position=42, lag=0)

    def leave(self, status: FollowerStatus) -> None:
        self.left = status
        self._lock.free(self)

    def lose(self) -> None:
        self.lost = True
        self._lock.free(self)


class Seats:
    """Hands out a new MemorySeat each time a supervisor sits down, and keeps them all."""

    def __init__(self, lock: MemoryLock | None = None) -> None:
        self.lock = lock or MemoryLock()
        self.reports: list[FollowerStatus] = []
        self.opened: list[MemorySeat] = []

    def __call__(self) -> MemorySeat:
        seat = MemorySeat(self.lock, self.reports)
        self.opened.append(seat)
        return seat

    def states(self) -> list[FollowerState]:
        """The states the seats were told, each run of one state once."""
        told: list[FollowerState] = []
        for status in list(self.reports):
            if not told or told[-1] is not status.state:
                told.append(status.state)
        return told


def quick(follower: Follower, seats: Seats) -> Supervisor:
    """A supervisor that beats and backs off in milliseconds."""
    return Supervisor(
        follower,
        seats,
        backoff=Backoff(base_seconds=0.001, max_seconds=0.005),
        heartbeat_seconds=0.005,
    )


def eventually(holds: Callable[[], bool], within: float = 10.0) -> bool:
    """Whether `holds()` comes true within `within` seconds."""
    deadline = time.monotonic() + within
    while not holds():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True
