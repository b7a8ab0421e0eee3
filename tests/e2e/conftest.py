from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from baxt import bootstrap
from baxt.config import Settings
from baxt.identity import LocalIssuer, Role
from tests.e2e.client import GraphQLClient
from tests.services import free_port


@dataclass(frozen=True)
class RunningServer:
    url: str
    issuer: LocalIssuer

    def token(self, user: str = "aziza.caseworker", role: Role = Role.CASEWORKER) -> str:
        return self.issuer.issue(user, role, hours=1)


@pytest.fixture(scope="session")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The whole system on one port: API, projections, on the test database."""
    data_dir: Path = tmp_path_factory.mktemp("data")
    settings = Settings(database_url=database_url, data_dir=data_dir, read_your_writes_timeout=10)
    runtime = bootstrap.prepare(settings)
    app = bootstrap.case_application(runtime)
    issuer = bootstrap.token_issuer(settings)
    port = free_port()
    config = uvicorn.Config(
        bootstrap.api(runtime, app, issuer), host="127.0.0.1", port=port, log_level="warning"
    )
    http = uvicorn.Server(config)
    with bootstrap.start_projections(runtime):
        thread = threading.Thread(target=http.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not http.started and time.monotonic() < deadline:
            time.sleep(0.01)
        assert http.started, "the API did not start"
        yield RunningServer(f"http://127.0.0.1:{port}", issuer)
        http.should_exit = True
        thread.join(timeout=10)
    app.close()


@pytest.fixture
async def http(server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture
def gql(http: httpx.AsyncClient, server: RunningServer) -> GraphQLClient:
    return GraphQLClient(http, server.token())
