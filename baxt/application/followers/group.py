"""The followers a process runs, each under its supervisor on a seat of its own."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from baxt.application.followers.backoff import Backoff
from baxt.application.followers.seat import PostgresSeat, Reach, copy_name
from baxt.application.followers.states import Follower
from baxt.application.followers.supervisor import Supervisor

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Supervision:
    """How followers are watched: heartbeat, when a silent one counts as dead, the backoff."""

    heartbeat_seconds: float = 1.0
    stale_seconds: float = 15.0
    backoff: Backoff = field(default_factory=Backoff)


def supervised(
    follower: Follower, reach: Reach, conninfo: str, supervision: Supervision
) -> Supervisor:
    """A supervisor for `follower` (not started yet) whose seats are PostgreSQL connections."""
    holder = copy_name()

    def seat() -> PostgresSeat:
        return PostgresSeat(
            conninfo, follower.name, reach, holder=holder, stale_seconds=supervision.stale_seconds
        )

    return Supervisor(
        follower,
        seat,
        backoff=supervision.backoff,
        heartbeat_seconds=supervision.heartbeat_seconds,
    )


@contextmanager
def running(supervisors: Sequence[Supervisor]) -> Iterator[Sequence[Supervisor]]:
    """Starts every supervisor; at the end stops them all together."""
    for supervisor in supervisors:
        supervisor.start()
    try:
        yield supervisors
    finally:
        for supervisor in supervisors:
            supervisor.halt()
        for supervisor in supervisors:
            supervisor.stop()


def wait_caught_up(supervisor: Supervisor, *, stalled_after: float = 30.0) -> bool:
    """Waits until a heartbeat written after this call finds the follower (this copy, or the
    copy another process runs) with nothing left to process; gives up when it fails or makes
    no progress for `stalled_after` seconds. True when it caught up."""
    first_beat = supervisor.heartbeats + 1
    last, moved_at = supervisor.status.position, time.monotonic()
    while supervisor.heartbeats < first_beat or supervisor.status.lag > 0:
        status = supervisor.status
        if status.state.failing:
            break
        if status.position != last:
            last, moved_at = status.position, time.monotonic()
        elif time.monotonic() - moved_at > stalled_after:
            break
        time.sleep(0.05)
    else:
        return True
    status = supervisor.status
    _log.warning("%s has not caught up (%s, %s behind)", supervisor.name, status.state, status.lag)
    return False
