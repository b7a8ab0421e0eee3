"""The API served over real HTTP on a free port, for tests that talk to it as clients do."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn
from starlette.applications import Starlette

from baxt import bootstrap
from baxt.application.access.principal import Role
from baxt.config import Settings
from baxt.http.local_issuer import LocalIssuer
from tests.services import free_port

TEST_MAHALLAS = ["Bunyodkor", "Qatortol", "Minor", "Registon", "Navbahor", "Al-Xorazmiy"]
TEST_DISTRICTS = ["Chilonzor", "Yunusobod", "Samarqand shahri", "Urganch shahri", "Urgut"]
DEFAULT_SCOPES: dict[Role, dict[str, object]] = {
    Role.CASEWORKER: {"mahallas": TEST_MAHALLAS},
    Role.SUPERVISOR: {"districts": TEST_DISTRICTS},
}
"""The places the tests' households lie in (tests/factories.py, baxt/devtools/demo.py), so a token
made without a scope reaches the cases the tests flag."""


@dataclass(frozen=True)
class RunningServer:
    """The API listening at `url`, and what a test needs to call it: tokens and a client."""

    url: str
    issuer: LocalIssuer
    database_url: str
    settings: Settings

    def token(
        self,
        user: str = "aziza.caseworker",
        role: Role = Role.CASEWORKER,
        scope: dict[str, object] | None = None,
    ) -> str:
        """A token for `user`; without `scope`, the role's `DEFAULT_SCOPES` (the tests' places)."""
        chosen = DEFAULT_SCOPES.get(role, {}) if scope is None else scope
        return self.issuer.issue(user, role, hours=1, scope=chosen)

    def http(self) -> httpx.AsyncClient:
        """A client of this server's API, to open with `async with`."""
        return httpx.AsyncClient(base_url=self.url, timeout=30)


@contextmanager
def serving_in_thread(api: Starlette) -> Iterator[int]:
    """`api` served by uvicorn in a thread of this process, on the free port it yields.

    On leaving, connections still open (a subscription, say) get two seconds before they are
    closed, so the server's lifespan ends, and with it the live feed, before the test's
    database is dropped; a server left running would retry that database for the rest of the
    session.
    """
    port = free_port()
    config = uvicorn.Config(
        api,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=2,
    )
    http = uvicorn.Server(config)
    thread = threading.Thread(target=http.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not http.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        assert http.started, "the API did not start"
        yield port
    finally:
        http.should_exit = True
        thread.join(timeout=30)
        assert not thread.is_alive(), "the API did not stop within 30 s of being told to"


@contextmanager
def running_api(settings: Settings) -> Iterator[RunningServer]:
    """The whole system on one port: the API, the projections, the notifier and the ledger.

    Unless `settings` name a rate limit, the server's is lifted, so that tests polling for an
    outcome are never throttled.
    """
    if "rate_limit" not in settings.model_fields_set:
        settings = settings.model_copy(update={"rate_limit": "1000000/minute"})
    runtime = bootstrap.prepare(settings)
    app = bootstrap.case_application(runtime)
    issuer = bootstrap.token_issuer(settings)
    api = bootstrap.api(runtime, app, bootstrap.token_verifier(settings))
    try:
        with (
            bootstrap.start_projections(runtime),
            bootstrap.start_notifier(runtime),
            bootstrap.following_ledger(runtime),
            serving_in_thread(api) as port,
        ):
            yield RunningServer(f"http://127.0.0.1:{port}", issuer, runtime.database_url, settings)
    finally:
        app.close()
