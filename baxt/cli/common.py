"""What every command shares: settings, the database, progress, and in-process parts."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
import dramatiq
import psycopg
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from baxt import bootstrap, following
from baxt.config import ConfigError, Settings, load_settings
from baxt.domain.quarter import TASHKENT
from baxt.identity import TokenVerifier
from baxt.workers.broker import scheduled_sender
from baxt.workers.schedule import add_jobs


def load_config() -> Settings:
    try:
        settings = load_settings()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return settings


def token_verifier(settings: Settings) -> TokenVerifier:
    try:
        return bootstrap.token_verifier(settings)
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


def add_scheduled_jobs(
    scheduler: BaseScheduler, parts: bootstrap.Workers, checkpoint_minutes: int
) -> BaseScheduler:
    return add_jobs(
        scheduler,
        scheduled_sender(parts.plan),
        scheduled_sender(parts.remind),
        scheduled_sender(parts.checkpoint),
        checkpoint_minutes=checkpoint_minutes,
    )


@contextmanager
def running_projections(runtime: bootstrap.Runtime, enabled: bool) -> Iterator[None]:
    """Runs every follower of the event store, supervised, while the block runs, and first
    waits until `case_summary` has caught up (here, or in the process holding its lock)."""
    if not enabled:
        yield
        return
    with following.supervising(runtime, *following.every_follower(runtime)) as supervisors:
        following.wait_caught_up(following.named(supervisors, following.CASE_SUMMARY))
        yield


@contextmanager
def running_workers(
    runtime: bootstrap.Runtime, enabled: bool, *, threads: int = 2, with_schedule: bool = False
) -> Iterator[None]:
    if not enabled:
        yield
        return
    parts = bootstrap.workers(runtime)
    consumer = dramatiq.Worker(parts.broker, worker_threads=threads)
    stop = threading.Event()
    dispatcher = threading.Thread(target=parts.dispatcher.run, args=(stop,), daemon=True)
    webhooks = threading.Thread(target=parts.webhook_dispatcher.run, args=(stop,), daemon=True)
    scheduler = BackgroundScheduler(timezone=TASHKENT) if with_schedule else None
    consumer.start()
    dispatcher.start()
    webhooks.start()
    if scheduler is not None:
        add_scheduled_jobs(scheduler, parts, runtime.settings.checkpoint_every_minutes).start()
    try:
        yield
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        stop.set()
        dispatcher.join(timeout=5)
        webhooks.join(timeout=5)
        consumer.stop()
        parts.broker.close()
