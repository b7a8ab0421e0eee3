"""The group commit: saves that queue while one is in flight go together, and each caller
hears its own outcome."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from baxt.application.group_commit import GroupCommit, Outcome

SETTLE = 10.0  # a bound on waiting for threads to queue, never a figure asserted


class HeldSaver:
    """Saves items in groups, holding the first group until `release` is set; an item
    "bad" fails on its own."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.groups: list[list[str]] = []

    def __call__(self, items: Sequence[str]) -> list[Outcome[str]]:
        if not self.groups:
            self.entered.set()
            self.release.wait(SETTLE)
        self.groups.append(list(items))
        return [_outcome(item) for item in items]


def _outcome(item: str) -> Outcome[str]:
    def outcome() -> str:
        if item == "bad":
            raise ValueError(f"{item} refused")
        return f"{item} saved"

    return outcome


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + SETTLE
    while not condition():
        assert time.monotonic() < deadline, "the callers never queued"
        time.sleep(0.001)


def _waiting(commit: GroupCommit[str, str], count: int) -> Callable[[], bool]:
    return lambda: commit.waiting == count


def _hold_first_then_queue(
    saver: HeldSaver, commit: GroupCommit[str, str], pool: ThreadPoolExecutor, later: list[str]
) -> tuple[Future[str], list[Future[str]]]:
    first = pool.submit(commit.save, "first")
    _until(saver.entered.is_set)
    queued = []
    for count, item in enumerate(later, start=1):
        queued.append(pool.submit(commit.save, item))
        _until(_waiting(commit, count))
    saver.release.set()
    return first, queued


def test_a_save_alone_goes_at_once_in_a_group_of_its_own() -> None:
    saver = HeldSaver()
    saver.release.set()
    commit = GroupCommit(saver)

    assert commit.save("only") == "only saved"
    assert saver.groups == [["only"]]
    assert commit.groups == 1


def test_saves_that_queue_while_one_is_in_flight_go_together_in_one_group() -> None:
    saver = HeldSaver()
    commit = GroupCommit(saver)
    with ThreadPoolExecutor(max_workers=6) as pool:
        first, queued = _hold_first_then_queue(saver, commit, pool, ["a", "b", "c", "d", "e"])
        answers = [first.result(SETTLE), *(f.result(SETTLE) for f in queued)]

    assert saver.groups == [["first"], ["a", "b", "c", "d", "e"]]
    assert answers == ["first saved", "a saved", "b saved", "c saved", "d saved", "e saved"]
    assert commit.waiting == 0


def test_one_refused_save_in_a_group_fails_its_own_caller_alone() -> None:
    saver = HeldSaver()
    commit = GroupCommit(saver)
    with ThreadPoolExecutor(max_workers=4) as pool:
        _, queued = _hold_first_then_queue(saver, commit, pool, ["a", "bad", "c"])
        with pytest.raises(ValueError, match="bad refused"):
            queued[1].result(SETTLE)
        others = [queued[0].result(SETTLE), queued[2].result(SETTLE)]

    assert saver.groups == [["first"], ["a", "bad", "c"]]
    assert others == ["a saved", "c saved"]


def test_a_group_holds_at_most_its_limit_and_the_rest_go_next() -> None:
    saver = HeldSaver()
    commit = GroupCommit(saver, most=2)
    with ThreadPoolExecutor(max_workers=6) as pool:
        _, queued = _hold_first_then_queue(saver, commit, pool, ["a", "b", "c", "d", "e"])
        answers = [f.result(SETTLE) for f in queued]

    assert saver.groups == [["first"], ["a", "b"], ["c", "d"], ["e"]]
    assert answers == ["a saved", "b saved", "c saved", "d saved", "e saved"]


def test_a_saver_that_breaks_fails_every_caller_of_its_group_and_the_next_group_saves() -> None:
    calls: list[list[str]] = []

    def breaking(items: Sequence[str]) -> list[Outcome[str]]:
        calls.append(list(items))
        if len(calls) == 1:
            raise RuntimeError("broken")
        return [_outcome(item) for item in items]

    commit = GroupCommit(breaking)

    with pytest.raises(RuntimeError, match="broken"):
        commit.save("first")
    assert commit.save("next") == "next saved"
    assert calls == [["first"], ["next"]]


def test_a_group_of_no_saves_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        GroupCommit(HeldSaver(), most=0)
