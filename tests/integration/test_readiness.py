"""/readyz names each follower of the event store with its state, lag and last error, from
the rows their supervisors write, whichever process runs them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from baxt import bootstrap
from baxt.application.followers.errors import mark_event
from baxt.application.followers.group import Supervision, supervised
from baxt.application.followers.seat import Reach
from baxt.application.followers.states import Report
from baxt.bootstrap import followers as following
from baxt.config import Settings
from tests.serving import serving_in_thread

QUICK = Supervision(heartbeat_seconds=0.1, stale_seconds=5)


class AlwaysFailing:
    """A follower that fails on the same event every time it starts."""

    name = "always_failing"

    def follow(self, stop: threading.Event, report: Report) -> None:
        error = RuntimeError("the view refused a row")
        mark_event(error, 3, "baxt.domain.case:Case.Visited")
        raise error


@pytest.fixture
def runtime(fresh_database_url: str, tmp_path: Path) -> bootstrap.Runtime:
    settings = Settings(database_url=fresh_database_url, data_dir=tmp_path)
    return bootstrap.prepare(settings)


@pytest.fixture
def api(runtime: bootstrap.Runtime) -> Iterator[httpx.Client]:
    """The API alone, over HTTP, as `baxt serve --no-projections` runs it."""
    app = bootstrap.case_application(runtime)
    served = bootstrap.api(runtime, app, bootstrap.token_verifier(runtime.settings))
    try:
        with (
            serving_in_thread(served) as port,
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client,
        ):
            yield client
    finally:
        app.close()


def test_readyz_names_each_follower_another_process_runs_as_running_with_no_lag(
    runtime: bootstrap.Runtime, api: httpx.Client
) -> None:
    with following.supervising(runtime, *following.every_follower(runtime)):
        ready = _eventually_answer(api, lambda body: _states(body) == ["running"] * 4)

    assert ready.status_code == 200
    body = ready.json()
    assert [f["name"] for f in body["followers"]] == [
        "case_summary",
        "ledger",
        "notifier",
        "webhooks",
    ]
    assert body["lag"] == 0
    assert body["problems"] == []


def test_readyz_answers_503_naming_a_follower_that_keeps_failing_and_its_error(
    runtime: bootstrap.Runtime, api: httpx.Client
) -> None:
    reach = Reach.tracked("notifier_tracking")
    with supervised(AlwaysFailing(), reach, runtime.database_url, QUICK):
        answer = _eventually_answer(api, lambda body: _states(body) == ["failed"])

    assert answer.status_code == 503
    (shown,) = answer.json()["followers"]
    assert shown["name"] == "always_failing"
    assert "RuntimeError: the view refused a row" in shown["lastError"]
    assert "notification 3 (baxt.domain.case:Case.Visited)" in shown["lastError"]
    assert answer.json()["problems"] == ["always_failing is failed"]


def test_readyz_answers_503_when_a_follower_has_not_been_heard_from(
    runtime: bootstrap.Runtime, api: httpx.Client
) -> None:
    _row(runtime.database_url, "running", heartbeat="now() - interval '1 hour'")

    answer = api.get("/readyz")

    assert answer.status_code == 503
    assert answer.json()["problems"] == ["notifier has not been heard from for 3600 s"]


def test_readyz_answers_200_for_a_follower_stopped_on_purpose(
    runtime: bootstrap.Runtime, api: httpx.Client
) -> None:
    _row(runtime.database_url, "stopped", heartbeat="now() - interval '1 hour'")

    answer = api.get("/readyz")

    assert answer.status_code == 200
    assert _states(answer.json()) == ["stopped"]


def _row(url: str, state: str, *, heartbeat: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO follower_status (name, holder, host, pid, state, since, heartbeat_at)"
            f" VALUES ('notifier', 'elsewhere/1/a', 'elsewhere', 1, %s, now(), {heartbeat})",
            (state,),
        )


def _states(body: dict[str, Any]) -> list[str]:
    return [follower["state"] for follower in body.get("followers", [])]


def _eventually_answer(
    api: httpx.Client, holds: Callable[[dict[str, Any]], bool], within: float = 30.0
) -> Any:
    deadline = time.monotonic() + within
    while True:
        answer = api.get("/readyz")
        if holds(answer.json()) or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)
