"""After a commit: a bounded wait until the read model shows the write, so that the client's
next query sees it. The answer itself never depends on it: a read model still behind, or a
step that failed, is said beside the answer."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from baxt.application.cases.read_model import CaseReadModel
from baxt.application.transient import retrying

_log = logging.getLogger(__name__)

CASE_SUMMARY = "case_summary"
READ_YOUR_WRITES = "READ_YOUR_WRITES"
_FIRST_PAUSE = 0.002
_LONGEST_PAUSE = 0.05


@dataclass(frozen=True)
class Lag:
    """A read model still behind a write when the answer left: the position it has projected
    up to, and the position of the write."""

    read_model: str
    position: int
    needed: int

    @property
    def behind_by(self) -> int:
        """How many positions of the event store's log it has yet to project (an upper bound
        on the events: the log's numbering may have gaps)."""
        return max(0, self.needed - self.position)


@dataclass(frozen=True)
class AfterCommit:
    """What the steps after a commit found: a read model behind, and the steps that failed
    (by name). The write is saved whatever they found."""

    lag: Lag | None = None
    failed_steps: tuple[str, ...] = ()

    def failed(self, step: str) -> AfterCommit:
        return AfterCommit(self.lag, (*self.failed_steps, step))


def step_failed(step: str, error: BaseException) -> None:
    """Logs a step after a commit that failed: its name and the error's type, never its text
    (which may quote the data)."""
    _log.warning("after a commit, the step %s failed: %s", step, type(error).__name__)


class ReadYourWrites:
    """Waits at most `timeout` seconds for `case_summary` to project a write.

    When the projection made no progress at all since an earlier wait ran out, it is taken to
    be stopped and the wait is skipped, so a stopped projection costs each write one read.
    """

    def __init__(self, read_model: CaseReadModel, *, timeout: float) -> None:
        self._read_model = read_model
        self._timeout = timeout
        self._stalled_at: int | None = None

    async def after(self, notification_id: int) -> AfterCommit:
        """What the read model showed of the write at `notification_id` once the wait ended;
        never raises."""
        if notification_id <= 0:
            return AfterCommit()
        try:
            position = await self._wait(notification_id)
        except Exception as error:
            step_failed(READ_YOUR_WRITES, error)
            return AfterCommit(failed_steps=(READ_YOUR_WRITES,))
        if position >= notification_id:
            return AfterCommit()
        return AfterCommit(lag=Lag(CASE_SUMMARY, position, notification_id))

    async def _wait(self, needed: int) -> int:
        position = await self._position()
        stalled = self._stalled_at is not None and position <= self._stalled_at
        deadline = time.monotonic() + self._timeout
        pause = _FIRST_PAUSE
        while position < needed and not stalled and time.monotonic() < deadline:
            await asyncio.sleep(pause)
            pause = min(pause * 2, _LONGEST_PAUSE)
            position = await self._position()
        if position >= needed:
            self._stalled_at = None
        elif not stalled:  # logged once: writes while it stays stalled do not wait
            self._stalled_at = position
            _log.warning(
                "%s still behind a write after %gs (at %d, the write at %d); until it moves,"
                " writes do not wait for it",
                CASE_SUMMARY,
                self._timeout,
                position,
                needed,
            )
        return position

    async def _position(self) -> int:
        return await retrying(self._read_model.tracked_notification_id, what=READ_YOUR_WRITES)
