"""The API served over real HTTP with no follower of the event store running: no projection,
no notifier, no ledger. What a client sees while every projection is stopped."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn

from baxt import bootstrap
from baxt.config import Settings
from tests.services import free_port
from tests.serving import RunningServer


@dataclass(frozen=True)
class UnprojectedServer:
    """The running API, and the runtime to start its projection with later."""

    server: RunningServer
    runtime: bootstrap.Runtime


@contextmanager
def serving_unprojected(settings: Settings) -> Iterator[UnprojectedServer]:
    """The API alone on a free port; the read model is migrated but nothing projects into it."""
    settings = settings.model_copy(update={"rate_limit": "1000000/minute"})
    runtime = bootstrap.prepare(settings)
    app = bootstrap.case_application(runtime)
    port = free_port()
    api = bootstrap.api(runtime, app, bootstrap.token_verifier(settings))
    http = uvicorn.Server(uvicorn.Config(api, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=http.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not http.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert http.started, "the API did not start"
    issuer = bootstrap.token_issuer(settings)
    server = RunningServer(f"http://127.0.0.1:{port}", issuer, runtime.database_url, settings)
    try:
        yield UnprojectedServer(server, runtime)
    finally:
        http.should_exit = True
        thread.join(timeout=10)
        app.close()
