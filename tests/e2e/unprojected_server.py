"""The API served over real HTTP with no follower of the event store running: no projection,
no notifier, no ledger. What a client sees while every projection is stopped."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from baxt import bootstrap
from baxt.config import Settings
from tests.serving import RunningServer, serving_in_thread


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
    api = bootstrap.api(runtime, app, bootstrap.token_verifier(settings))
    issuer = bootstrap.token_issuer(settings)
    try:
        with serving_in_thread(api) as port:
            url = f"http://127.0.0.1:{port}"
            yield UnprojectedServer(
                RunningServer(url, issuer, runtime.database_url, settings), runtime
            )
    finally:
        app.close()
