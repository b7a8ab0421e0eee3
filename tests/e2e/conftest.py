from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from baxt.config import Settings
from tests.e2e.client import GraphQLClient
from tests.serving import RunningServer, running_api


@pytest.fixture(scope="session")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The whole system on one port: API, projections, on the test database."""
    data_dir: Path = tmp_path_factory.mktemp("data")
    settings = Settings(database_url=database_url, data_dir=data_dir, read_your_writes_timeout=10)
    with running_api(settings) as running:
        yield running


@pytest.fixture
async def http(server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with server.http() as client:
        yield client


@pytest.fixture
def gql(http: httpx.AsyncClient, server: RunningServer) -> GraphQLClient:
    return GraphQLClient(http, server.token())
