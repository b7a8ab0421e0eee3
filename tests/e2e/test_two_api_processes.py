"""Two API processes on one PostgreSQL and one broker, as a deployment past one process runs:
they count the rate limit together in Redis, and each serves the other's writes.

Each `baxt serve --no-projections --no-workers` is a real process of its own; one `baxt project`
is the only projector, so the read model both API processes read has a single writer.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import redis
from pydantic import SecretStr

from baxt import bootstrap
from baxt.application.access.principal import Role
from baxt.config import Settings
from baxt.http.local_issuer import LocalIssuer
from tests.database import scratch_database
from tests.e2e.whole_story import flag_input
from tests.faults.processes import baxt_process, run_baxt
from tests.operations import CASE_FIELDS, mutation
from tests.services import free_port, rabbitmq_url, redis_url
from tests.serving import DEFAULT_SCOPES

JWT_SECRET = "two-processes-test-jwt-secret-32-bytes!"
LIMIT = 10
"""Requests per user an hour: an hour, so that a slow machine never lets the window pass."""
WITHIN = 60.0
"""A bound on what is not measured: a process starting, the projection catching up."""
FLAG = mutation("flagChild", "case { id } userErrors { code message }")
CASE = "query($id: ID!) { case(id: $id) { ...CaseFields } }" + CASE_FIELDS


@dataclass(frozen=True)
class Deployment:
    """Two API processes on one database, and how to reach them."""

    database_url: str
    api_urls: tuple[str, str]
    issuer: LocalIssuer

    def token(self, user: str) -> str:
        return str(
            self.issuer.issue(user, Role.CASEWORKER, hours=1, scope=DEFAULT_SCOPES[Role.CASEWORKER])
        )


@pytest.fixture(scope="module")
def shared_redis() -> Iterator[tuple[str, str]]:
    """The machine's Redis and a key prefix of this run's own, its keys deleted afterwards."""
    url, prefix = redis_url(), f"baxt-test-{secrets.token_hex(8)}"
    yield url, prefix
    client = redis.Redis.from_url(url)
    try:
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
    finally:
        client.close()


@pytest.fixture(scope="module")
def deployment(
    admin_url: str, shared_redis: tuple[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    """`baxt project` and two `baxt serve` on a database of their own, for this module's tests."""
    storage, prefix = shared_redis
    tmp_path = tmp_path_factory.mktemp("two-processes")
    with scratch_database(admin_url) as database_url:
        yield from _deployment(database_url, storage, prefix, tmp_path)


def _deployment(
    fresh_database_url: str, storage: str, prefix: str, tmp_path: Path
) -> Iterator[Deployment]:
    env = {
        **os.environ,
        "BAXT_DATABASE_URL": fresh_database_url,
        "BAXT_BROKER_URL": rabbitmq_url(),
        "BAXT_DATA_DIR": str(tmp_path / "data"),
        "BAXT_JWT_SECRET": JWT_SECRET,
        "BAXT_CASE_KEY": "two-processes-test-case-key",
        "BAXT_RATE_LIMIT": f"{LIMIT}/hour",
        "BAXT_RATE_LIMIT_STORAGE": storage,
        "BAXT_RATE_LIMIT_KEY_PREFIX": prefix,
    }
    migrated = run_baxt(env, "migrate")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    settings = Settings(jwt_secret=SecretStr(JWT_SECRET), data_dir=tmp_path / "data")
    ports = (free_port(), free_port())
    with ExitStack() as running:
        running.enter_context(baxt_process(env, "project", log=tmp_path / "project.log"))
        for n, port in enumerate(ports, start=1):
            serve = ["serve", "--no-projections", "--no-workers", "--port", str(port)]
            running.enter_context(baxt_process(env, *serve, log=tmp_path / f"serve{n}.log"))
        urls = (f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}")
        for url in urls:
            assert _eventually(partial(_answers, f"{url}/healthz")), f"{url} never answered"
        yield Deployment(fresh_database_url, urls, bootstrap.token_issuer(settings))


def test_requests_spread_over_both_processes_are_limited_together(deployment: Deployment) -> None:
    token = deployment.token("limit.caseworker")
    first, second = deployment.api_urls

    within = [_post(first if n % 2 else second, token, "{ __typename }") for n in range(LIMIT)]
    past = [_post(url, token, "{ __typename }") for url in (first, second)]

    assert [answer.status_code for answer in within] == [200] * LIMIT
    assert [answer.status_code for answer in past] == [429, 429]
    assert {answer.json()["errors"][0]["extensions"]["code"] for answer in past} == {"RATE_LIMITED"}


def test_each_process_serves_the_case_the_other_flagged(deployment: Deployment) -> None:
    token = deployment.token("aziza.caseworker")
    first, second = deployment.api_urls

    for writer, reader, cases in ((first, second, 1), (second, first, 2)):
        flagged = _post(writer, token, FLAG, {"input": flag_input()}).json()["data"]["flagChild"]
        assert flagged["userErrors"] == [], flagged
        assert _eventually(partial(_projected, deployment.database_url, cases))
        read = _post(reader, token, CASE, {"id": flagged["case"]["id"]}).json()
        assert read["data"]["case"]["id"] == flagged["case"]["id"], read


def _post(
    base: str, token: str, query: str, variables: dict[str, Any] | None = None
) -> httpx.Response:
    return httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def _projected(database_url: str, cases: int) -> bool:
    """Whether the one projector has written `cases` cases into the read model."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT count(*) FROM case_summary").fetchone()
    return row is not None and row[0] >= cases


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _eventually(check: Callable[[], bool], within: float = WITHIN) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return bool(check())
