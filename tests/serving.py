"""The API served over real HTTP on a free port, for tests that talk to it as clients do."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn

from baxt import bootstrap
from baxt.config import Settings
from baxt.identity import LocalIssuer, Role
from tests.services import free_port


@dataclass(frozen=True)
class RunningServer:
    url: str
    issuer: LocalIssuer
    database_url: str
    settings: Settings

    def token(self, user: str = "aziza.caseworker", role: Role = Role.CASEWORKER) -> str:
        return self.issuer.issue(user, role, hours=1)


@contextmanager
def running_api(settings: Settings) -> Iterator[RunningServer]:
    """The whole system on one port: the API, the projections, the notifier and the ledger."""
    runtime = bootstrap.prepare(settings)
    app = bootstrap.case_application(runtime)
    issuer = bootstrap.token_issuer(settings)
    port = free_port()
    config = uvicorn.Config(
        bootstrap.api(runtime, app, issuer), host="127.0.0.1", port=port, log_level="warning"
    )
    http = uvicorn.Server(config)
    with (
        bootstrap.start_projections(runtime),
        bootstrap.start_notifier(runtime),
        bootstrap.following_ledger(runtime),
    ):
        thread = threading.Thread(target=http.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not http.started and time.monotonic() < deadline:
            time.sleep(0.01)
        assert http.started, "the API did not start"
        try:
            yield RunningServer(f"http://127.0.0.1:{port}", issuer, runtime.database_url, settings)
        finally:
            http.should_exit = True
            thread.join(timeout=10)
            app.close()
