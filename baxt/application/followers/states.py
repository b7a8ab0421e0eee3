"""What a follower is doing, as its supervisor tells every process."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class FollowerState(StrEnum):
    """A follower copy's state; `restarting` and `failed` are failing, the rest are not."""

    STARTING = "starting"
    CATCHING_UP = "catching_up"
    RUNNING = "running"
    STANDBY = "standby"
    RESTARTING = "restarting"
    FAILED = "failed"
    STOPPED = "stopped"

    @property
    def failing(self) -> bool:
        return self in (FollowerState.RESTARTING, FollowerState.FAILED)


Report = Callable[[FollowerState], None]
"""How a follower tells its supervisor it has moved on (catching up, then running)."""


class Follower(Protocol):
    """One follower of the event store, as its supervisor runs it."""

    @property
    def name(self) -> str:
        """Its stable name: its lock, its status row and its log lines go by it."""
        ...

    def follow(self, stop: threading.Event, report: Report) -> None:
        """Follows the event store until `stop` is set; raises on any error."""
        ...


@dataclass(frozen=True)
class FollowerStatus:
    """A follower copy's state as its supervisor last knew it."""

    name: str
    state: FollowerState
    since: datetime
    position: int = 0
    lag: int = 0
    last_error: str | None = None
    failures: int = 0


@dataclass(frozen=True)
class Measured:
    """How far a follower has got, measured on the database at a heartbeat."""

    position: int
    lag: int


class Seat(Protocol):
    """Where a follower copy sits: the lock that lets one copy run, and its status row."""

    def take(self) -> bool:
        """Takes the follower's lock if no other copy holds it; True once held."""
        ...

    def claim(self) -> None:
        """Clears the status rows that copies which died holding the lock left behind."""
        ...

    def report(self, status: FollowerStatus) -> Measured:
        """Writes the copy's status with a fresh heartbeat; raises when the seat is lost."""
        ...

    def leave(self, status: FollowerStatus) -> None:
        """Writes the copy's last status (or drops a standby's row) and lets the lock go."""
        ...
