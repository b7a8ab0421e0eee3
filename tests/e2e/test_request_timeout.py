"""A request running past BAXT_REQUEST_TIMEOUT_SECONDS is cancelled and answered TIMEOUT.

The server here has a time limit of a microsecond, so any query that waits on the database
runs past it; nothing in the code under test sleeps.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from baxt.config import Settings
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.serving import RunningServer, running_api


@pytest.fixture(scope="module")
def hurried(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path_factory.mktemp("hurried"),
            request_timeout_seconds=1e-6,
        )
        with running_api(settings) as server:
            yield server


async def test_a_query_running_past_the_time_limit_is_answered_timeout(
    hurried: RunningServer,
) -> None:
    async with hurried.http() as http:
        response = await GraphQLClient(http, hurried.token()).post(
            "{ cases(first: 1) { edges { cursor } } }"
        )

    body = response.json()
    assert response.status_code == 200
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TIMEOUT"]


async def test_a_refusal_before_the_query_runs_is_not_a_timeout(hurried: RunningServer) -> None:
    async with hurried.http() as http:
        response = await GraphQLClient(http, hurried.token()).post("{ caes { id } }")

    assert [e["extensions"]["code"] for e in response.json()["errors"]] == [
        "GRAPHQL_VALIDATION_FAILED"
    ]
