"""What every command shares: settings, the database, progress, and in-process parts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
import psycopg
from apscheduler.schedulers.background import BackgroundScheduler

from baxt import bootstrap
from baxt.bootstrap import projector, scheduler, worker
from baxt.config import ConfigError, Settings, load_settings
from baxt.domain.quarter import TASHKENT
from baxt.graphql.core.persisted import PersistedDocuments
from baxt.http.bearer import TokenVerifier
from baxt.logs import configure_logging


def load_config() -> Settings:
    try:
        settings = load_settings()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    configure_logging(settings.log_level, settings.log_format)
    return settings


def token_verifier(settings: Settings) -> TokenVerifier:
    try:
        return bootstrap.token_verifier(settings)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def persisted_documents(settings: Settings) -> PersistedDocuments:
    try:
        return bootstrap.persisted_documents(settings)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def connect(settings: Settings) -> bootstrap.Runtime:
    try:
        return bootstrap.prepare(settings)
    except psycopg.OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
        raise click.ClickException(f"cannot reach the database: {first_line}") from None


def progress(label: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        click.echo(f"\r{label}: {done}/{total}", nl=done >= total, err=True)

    return show


@contextmanager
def running_projections(runtime: bootstrap.Runtime, enabled: bool) -> Iterator[None]:
    """Runs every follower of the event store while the block runs, when `enabled`."""
    if not enabled:
        yield
        return
    with projector.running_projections(runtime):
        yield


@contextmanager
def running_workers(
    runtime: bootstrap.Runtime, enabled: bool, *, threads: int = 2, with_schedule: bool = False
) -> Iterator[None]:
    """Runs the workers, and with `with_schedule` the cron triggers, while the block runs,
    when `enabled`."""
    if not enabled:
        yield
        return
    with worker.running_workers(runtime, threads=threads):
        if not with_schedule:
            yield
            return
        checkpoint_minutes = runtime.settings.checkpoint_every_minutes
        triggers = BackgroundScheduler(timezone=TASHKENT)
        scheduler.add_scheduled_jobs(triggers, checkpoint_minutes).start()
        try:
            yield
        finally:
            triggers.shutdown(wait=False)
