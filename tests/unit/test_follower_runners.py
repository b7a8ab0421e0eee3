"""The library's projection runners as supervised followers, on the in-memory event store:
a failure names its event, a failed catch-up gives way to the one-event-a-time runner, and
errors are told without personal data."""

from __future__ import annotations

import threading
from typing import Any
from uuid import UUID

import psycopg
import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder
from eventsourcing.projection import Projection

from baxt.application.followers.backoff import Backoff
from baxt.application.followers.errors import error_text, failed_at
from baxt.application.followers.runners import (
    FollowerRunner,
    ProjectionFollower,
    naming_failures,
)
from baxt.application.followers.states import FollowerState

IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


class Thing(Aggregate):
    pass


class Things(Application[UUID]):
    pass


class Refusing(Projection[POPOTrackingRecorder]):
    name = "refusing"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        raise ValueError("cannot store 'Madina Karimova' (PINFL 31503150120345)")


def _runner_with_one_thing() -> FollowerRunner[Things, POPOTrackingRecorder]:
    runner: FollowerRunner[Things, POPOTrackingRecorder] = FollowerRunner(
        application_class=Things,
        projection_class=naming_failures(Refusing),
        view_class=POPOTrackingRecorder,
        env=IN_MEMORY,
    )
    runner.app.save(Thing())
    return runner


def _follow_once(follower: ProjectionFollower) -> BaseException:
    try:
        follower.follow(threading.Event(), lambda state: None)
    except Exception as error:
        return error
    raise AssertionError("the follower did not fail")


def test_a_runner_whose_projection_fails_raises_the_error_naming_its_event() -> None:
    follower = ProjectionFollower("refusing", _runner_with_one_thing)

    error = _follow_once(follower)

    assert isinstance(error, ValueError)
    assert failed_at(error) == f"notification 1 ({Thing.Created.__module__}:Thing.Created)"


def test_the_error_is_told_without_the_names_and_numbers_it_held() -> None:
    error = _follow_once(ProjectionFollower("refusing", _runner_with_one_thing))

    told = error_text(error)

    assert told == 'ValueError: cannot store "…" (PINFL …)'


def test_a_catch_up_that_fails_gives_way_to_the_runner_on_the_next_attempt() -> None:
    calls: list[str] = []

    def failing_catch_up(stop: threading.Event) -> None:
        calls.append("catch-up")
        raise ValueError("a batch the database refused")

    follower = ProjectionFollower("refusing", _runner_with_one_thing, before=failing_catch_up)

    first, second = _follow_once(follower), _follow_once(follower)

    assert calls == ["catch-up"]
    assert str(first) == "a batch the database refused"
    assert (failed_at(second) or "").startswith("notification 1")


def test_a_catch_up_that_lost_the_database_catches_up_again_next_time() -> None:
    calls: list[str] = []

    def unreachable(stop: threading.Event) -> None:
        calls.append("catch-up")
        raise psycopg.OperationalError("connection refused")

    follower = ProjectionFollower("refusing", _runner_with_one_thing, before=unreachable)

    _follow_once(follower)
    _follow_once(follower)

    assert calls == ["catch-up", "catch-up"]


def test_a_runner_is_reported_running_once_it_follows() -> None:
    states: list[FollowerState] = []
    stop = threading.Event()

    def report(state: FollowerState) -> None:
        states.append(state)
        stop.set()

    runner: FollowerRunner[Things, POPOTrackingRecorder] = FollowerRunner(
        application_class=Things,
        projection_class=naming_failures(Refusing),
        view_class=POPOTrackingRecorder,
        env=IN_MEMORY,
    )
    ProjectionFollower("refusing", lambda: runner).follow(stop, report)

    assert states == [FollowerState.RUNNING]


@pytest.mark.parametrize(("failures", "step"), [(1, 0.25), (2, 0.5), (3, 1.0), (4, 2.0), (9, 2.0)])
def test_the_backoff_doubles_up_to_its_cap_with_half_of_each_step_drawn(
    failures: int, step: float
) -> None:
    backoff = Backoff(base_seconds=0.25, max_seconds=2.0)

    assert backoff.delay(failures, draw=lambda low, high: low) == step / 2
    assert backoff.delay(failures, draw=lambda low, high: high) == step
