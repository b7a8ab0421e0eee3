"""The one way tests freeze time: a clock the test moves, read by the application and the events.

A test that needs a fixed or steered `now` makes a `Clock`, gives it to the application
(`CaseApplication(clock=clock)`, the application's own hook for every command's `now`) and runs
its commands inside `events_stamped_by(clock)`, so each event's `timestamp` reads the same clock.

eventsourcing 9.5 takes an event's timestamp from its class's `create_timestamp()`, a static
method of `eventsourcing.domain.CanCreateTimestamp` that the library offers for subclasses to
override; it has no per-application setting. So the events are stamped by patching that one
public method, here and nowhere else, for the length of the `with` block.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from unittest import mock

from eventsourcing.domain import CanCreateTimestamp


@dataclass
class Clock:
    """The test's `now`: set `now` to move it; a `tick` moves it on by itself at each reading."""

    now: datetime
    tick: timedelta = timedelta(0)

    def __call__(self) -> datetime:
        self.now += self.tick
        return self.now


@contextmanager
def events_stamped_by(clock: Clock) -> Iterator[Clock]:
    """Stamps every event recorded inside the block with the clock's time."""
    with mock.patch.object(CanCreateTimestamp, "create_timestamp", staticmethod(clock)):
        yield clock
