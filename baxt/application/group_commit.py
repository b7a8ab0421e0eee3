"""Group commit: the saves of concurrent commands, made together in one transaction.

The event store's recorder locks its table for every insert, so concurrent saves wait for
each other one transaction at a time. Here the threads that save take turns instead: the
first to arrive saves at once; those that arrive while its save is in flight queue up, and
when it ends the first of them saves the whole queue, its own save and the others', in one
transaction. No thread of its own runs this, and a command alone waits for nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

Outcome = Callable[[], Result]
"""What one save came to, for its own caller: it returns the result, or raises the caller's
error (a fresh error for each caller, raised in the caller's own thread)."""

SaveTogether = Callable[[Sequence[Item]], Sequence[Outcome[Result]]]
"""Saves items together and gives each one's outcome, in their order; it never raises."""


@dataclass
class _Waiting(Generic[Item, Result]):
    item: Item
    woken: threading.Event = field(default_factory=threading.Event)
    outcome: Outcome[Result] | None = None


class GroupCommit(Generic[Item, Result]):
    """Saves the items of concurrent callers in groups of at most `most`, one group at a
    time, each group by one call of `save_together`; the thread whose turn it is makes it.

    A group is what queued while the save before it was in flight: there is no timer, so a
    save alone waits for nothing.
    """

    def __init__(self, save_together: SaveTogether[Item, Result], *, most: int = 200) -> None:
        if most < 1:
            raise ValueError(f"a group holds at least one save, not {most}")
        self._save_together = save_together
        self._most = most
        self._lock = threading.Lock()
        self._queue: list[_Waiting[Item, Result]] = []
        self._saving = False
        self.groups = 0
        """How many groups were saved (each in one call of `save_together`)."""

    @property
    def waiting(self) -> int:
        """How many saves wait for their turn, or for the save in flight to end."""
        with self._lock:
            return len(self._queue)

    def save(self, item: Item) -> Result:
        """Saves `item` with those of the other callers waiting now, and gives its outcome."""
        waiting: _Waiting[Item, Result] = _Waiting(item)
        with self._lock:
            self._queue.append(waiting)
            my_turn, self._saving = not self._saving, True
        if not my_turn:
            waiting.woken.wait()
        if waiting.outcome is None:  # woken to save the queue, which it heads
            self._save_next_group()
        assert waiting.outcome is not None
        return waiting.outcome()

    def _save_next_group(self) -> None:
        with self._lock:
            group, self._queue = self._queue[: self._most], self._queue[self._most :]
        try:
            outcomes = list(self._save_together([waiting.item for waiting in group]))
            self.groups += 1
        except BaseException as error:  # a bug in save_together: each caller hears of it
            outcomes = [_raising(error)] * len(group)
        finally:
            for waiting, outcome in zip(group, outcomes, strict=True):
                waiting.outcome = outcome
                waiting.woken.set()
            self._pass_the_turn()

    def _pass_the_turn(self) -> None:
        with self._lock:
            if self._queue:
                self._queue[0].woken.set()  # its turn: `_saving` stays set
            else:
                self._saving = False


def _raising(error: BaseException) -> Outcome[Result]:
    def outcome() -> Result:
        raise error

    return outcome
