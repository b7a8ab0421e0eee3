"""One follower's supervisor: it waits for the follower's lock, runs it, and starts it again
with backoff after any error, for as long as the process runs."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from baxt.application.followers.backoff import Backoff
from baxt.application.followers.errors import FollowerEnded, error_text, failed_at
from baxt.application.followers.states import (
    Follower,
    FollowerState,
    FollowerStatus,
    Seat,
)

_log = logging.getLogger(__name__)

REPEATS_BEFORE_FAILED = 3
"""Failures in a row on the same event after which the follower shows as failed, not as
restarting: the event itself is what fails. It is still tried again, at the longest backoff."""


_STOP_WAIT_SECONDS = 30


class SeatLost(Exception):
    """Raised when a follower copy's seat (its lock connection) stops answering."""

    def __init__(self, follower: str, error: BaseException) -> None:
        super().__init__(f"the lock connection of {follower} was lost ({error_text(error)})")


class Supervisor:
    """Runs one follower in a thread of its own while its lock is held, and starts it again
    after any error, with capped and jittered backoff. It logs each new failure once, with
    the event the follower failed on, and never stops until it is told to."""

    def __init__(
        self,
        follower: Follower,
        seat: Callable[[], Seat],
        *,
        backoff: Backoff | None = None,
        heartbeat_seconds: float = 1.0,
        healthy_after_seconds: float = 10.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.name = follower.name
        self._follower = follower
        self._open_seat = seat
        self._backoff = backoff or Backoff()
        self._heartbeat = heartbeat_seconds
        self._healthy_after = healthy_after_seconds
        self._clock = clock
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._status = FollowerStatus(self.name, FollowerState.STARTING, clock())
        self._status_lock = threading.Lock()
        self._running_since: float | None = None
        self._heartbeats = 0
        self._last_failure: tuple[str, str | None] | None = None
        self._thread = threading.Thread(target=self._run, name=f"follower {self.name}", daemon=True)

    @property
    def status(self) -> FollowerStatus:
        """The copy's state as last seen, with the position and lag of its last heartbeat."""
        with self._status_lock:
            return self._status

    @property
    def heartbeats(self) -> int:
        """How many heartbeats this copy has written so far."""
        return self._heartbeats

    def start(self) -> Supervisor:
        self._thread.start()
        return self

    def stop(self, timeout: float = 15.0) -> None:
        """Stops the follower and leaves its seat; waits up to `timeout` for both."""
        self.halt()
        self._thread.join(timeout)

    def halt(self) -> None:
        """Asks the follower to stop without waiting for it (see `stop`)."""
        self._stop.set()
        self._wake.set()

    def wait(self, notification_id: int, timeout: float = 60.0) -> None:
        """Blocks until the follower has tracked `notification_id`, as its heartbeat measures.

        Raises TimeoutError when it has not within `timeout` seconds.
        """
        deadline = time.monotonic() + timeout
        while self.status.position < notification_id:
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{self.name} has not reached notification {notification_id}")
            time.sleep(min(0.05, self._heartbeat))

    def __enter__(self) -> Supervisor:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                seat = self._open_seat()
            except Exception as error:
                self._failed(error)
                self._pause(None)
                continue
            try:
                self._sit(seat)
            except Exception as error:
                self._failed(error)
            finally:
                self._leave(seat)
            self._pause(None)

    def _sit(self, seat: Seat) -> None:
        """Stands by until the lock is free, then runs the follower for as long as it is held."""
        while not seat.take():
            self._update(FollowerState.STANDBY)
            self._beat(seat)
            if self._stop.wait(self._heartbeat):
                return
        seat.claim()
        while not self._stop.is_set():
            self._update(FollowerState.STARTING)
            error = self._attempt(seat)
            if self._stop.is_set():
                return
            self._failed(error or FollowerEnded(self.name))
            self._pause(seat)

    def _attempt(self, seat: Seat) -> BaseException | None:
        """Runs the follower once, in a thread of its own, beating while it runs; returns the
        error it ended with."""
        self._beat(seat)
        halt = threading.Event()
        ended: list[BaseException] = []
        worker = threading.Thread(
            target=self._follow, args=(halt, ended), name=f"{self.name} follower", daemon=True
        )
        worker.start()
        try:
            while True:
                self._wake.clear()
                if self._stop.is_set() or not worker.is_alive():
                    break
                self._beat(seat)
                self._wake.wait(self._heartbeat)
        finally:
            halt.set()
            worker.join(timeout=_STOP_WAIT_SECONDS)
            if worker.is_alive():
                _log.warning("follower %s did not stop within %s s", self.name, _STOP_WAIT_SECONDS)
        return ended[0] if ended else None

    def _follow(self, halt: threading.Event, ended: list[BaseException]) -> None:
        try:
            self._follower.follow(halt, self._moved_on)
        except BaseException as error:
            ended.append(error)
        finally:
            self._wake.set()

    def _moved_on(self, state: FollowerState) -> None:
        if state is FollowerState.RUNNING:
            self._running_since = time.monotonic()
        self._update(state)
        self._wake.set()

    def _failed(self, error: BaseException) -> None:
        text, event = error_text(error), failed_at(error)
        self._forget_old_failures()
        failures = self.status.failures + 1
        repeated = self._last_failure is not None and self._last_failure[1] == event
        poisoned = event is not None and repeated and failures >= REPEATS_BEFORE_FAILED
        self._log_failure(text, event, failures)
        self._running_since = None
        state = FollowerState.FAILED if poisoned else FollowerState.RESTARTING
        shown = f"{text} (on {event})" if event else text
        self._update(state, last_error=shown, failures=failures)

    def _forget_old_failures(self) -> None:
        """Once the follower has run well for a while, its earlier failures stop counting."""
        if self._last_failure is None or self._running_since is None:
            return
        if time.monotonic() - self._running_since < self._healthy_after:
            return
        _log.info("follower %s is running again", self.name)
        self._last_failure = None
        self._update(self.status.state, failures=0)

    def _log_failure(self, text: str, event: str | None, failures: int) -> None:
        """Logs the first failure of a run of them, and each one on another event than the
        last; the others only at debug level (a database restart fails a follower twice or
        three times over, the same poisoned event at every attempt)."""
        where = f"on {event}" if event else "outside any event"
        if self._last_failure is not None and self._last_failure[1] == event:
            _log.debug("follower %s failed again %s (%d in a row): %s", self.name, where,
                       failures, text)  # fmt: skip
        else:
            _log.error("follower %s failed %s: %s; it starts again", self.name, where, text)
        self._last_failure = (text, event)

    def _pause(self, seat: Seat | None) -> None:
        """Waits out the backoff, beating on `seat` (if held) so the copy never looks dead."""
        deadline = time.monotonic() + self._backoff.delay(self.status.failures)
        while not self._stop.is_set() and (left := deadline - time.monotonic()) > 0:
            if seat is not None:
                self._beat(seat)
            self._stop.wait(min(left, self._heartbeat))

    def _beat(self, seat: Seat) -> None:
        self._forget_old_failures()
        try:
            measured = seat.report(self.status)
        except Exception as error:
            raise SeatLost(self.name, error) from error
        with self._status_lock:
            self._status = replace(self._status, position=measured.position, lag=measured.lag)
        self._heartbeats += 1

    def _update(
        self, state: FollowerState, *, last_error: str | None = None, failures: int | None = None
    ) -> None:
        """Sets the state (its `since` only when it changes), and the last error and count."""
        with self._status_lock:
            now = self._status
            self._status = replace(
                now,
                state=state,
                since=now.since if now.state is state else self._clock(),
                last_error=last_error or now.last_error,
                failures=now.failures if failures is None else failures,
            )

    def _leave(self, seat: Seat) -> None:
        if self._stop.is_set() and self.status.state is not FollowerState.STANDBY:
            self._update(FollowerState.STOPPED)
        try:
            seat.leave(self.status)
        except Exception as error:
            _log.debug("follower %s left its seat uncleanly: %s", self.name, error_text(error))
