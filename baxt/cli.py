"""The `baxt` command: serve, migrate, project, worker, schedule, plan, remind, roster, token."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import TextIO

import click
import dramatiq
import psycopg
import uvicorn
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from baxt import bootstrap
from baxt.application.cases import utc_now
from baxt.application.roster import parse_roster, save_roster
from baxt.config import ConfigError, Settings, load_settings
from baxt.demo import load_demo
from baxt.domain.quarter import TASHKENT, Quarter, local_date
from baxt.identity import Role
from baxt.workers.broker import scheduled_sender
from baxt.workers.schedule import add_jobs


def _settings() -> Settings:
    try:
        settings = load_settings()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return settings


def _prepare(settings: Settings) -> bootstrap.Runtime:
    try:
        return bootstrap.prepare(settings)
    except psycopg.OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
        raise click.ClickException(f"cannot reach the database: {first_line}") from None


@click.group()
def main() -> None:
    """Baxt: case management for children at risk."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--demo", is_flag=True, help="Load the five worked cases of the seed stories.")
@click.option(
    "--projections/--no-projections",
    default=None,
    help="Run the projections in this process (default: only on the embedded database).",
)
@click.option(
    "--workers/--no-workers",
    default=None,
    help="Run the notification workers in this process (default: only on the embedded database).",
)
def serve(host: str, port: int, demo: bool, projections: bool | None, workers: bool | None) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql)."""
    settings = _settings()
    runtime = _prepare(settings)
    app = bootstrap.case_application(runtime)
    in_process = runtime.embedded
    with (
        _projections(runtime, in_process if projections is None else projections),
        _workers(runtime, in_process if workers is None else workers, with_schedule=in_process),
    ):
        if demo:
            played = load_demo(app, report=click.echo)
            click.echo(f"demo: {played} stories loaded ({5 - played} were already there)")
        issuer = bootstrap.token_issuer(settings)
        if demo:
            token = issuer.issue("demo.caseworker", Role.CASEWORKER, hours=settings.token_hours)
            click.echo(f"demo token (send as 'Authorization: Bearer <token>'):\n{token}")
        api = bootstrap.api(runtime, app, issuer)
        click.echo(f"GraphQL at http://{host}:{port}/graphql")
        uvicorn.run(api, host=host, port=port, log_level=settings.log_level.lower())
    app.close()


@main.command()
def migrate() -> None:
    """Apply the read-model migrations that have not run yet."""
    settings = _settings()
    runtime = _prepare(settings)
    click.echo(f"read-model schema is up to date ({runtime.database_url.split('@')[-1]})")


@main.command()
def project() -> None:
    """Run the projection runners until stopped (Ctrl-C)."""
    settings = _settings()
    runtime = _prepare(settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with _projections(runtime, True):
        click.echo("projecting case_summary and the notification outbox; Ctrl-C stops")
        with suppress(KeyboardInterrupt):
            stop.wait()


@main.command()
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
def worker(threads: int) -> None:
    """Run the notification workers and the outbox dispatcher until stopped (Ctrl-C)."""
    settings = _settings()
    runtime = _prepare(settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with _workers(runtime, True, threads=threads):
        click.echo(f"delivering notifications with {threads} threads; Ctrl-C stops")
        with suppress(KeyboardInterrupt):
            stop.wait()


@main.command()
@click.argument("quarter")
def plan(quarter: str) -> None:
    """Plan every open case's home visit for QUARTER (e.g. 2027-Q1); safe to run again."""
    try:
        chosen = Quarter.parse(quarter)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="QUARTER") from None
    settings = _settings()
    runtime = _prepare(settings)
    with _projections(runtime, True):
        app = bootstrap.case_application(runtime)
        report = bootstrap.planner(runtime, app).plan(chosen, progress=_progress("planning"))
        app.close()
    click.echo(
        f"{report.quarter}: {report.open_cases} open cases, {report.planned} visits planned,"
        f" {report.assigned} assigned, {report.unassigned} with no caseworker free to take them"
    )


def _progress(label: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        click.echo(f"\r{label}: {done}/{total}", nl=done >= total, err=True)

    return show


@main.command()
def schedule() -> None:
    """Run the cron triggers (the quarterly plan, Asia/Tashkent) until stopped (Ctrl-C)."""
    settings = _settings()
    runtime = _prepare(settings)
    parts = bootstrap.workers(runtime)
    scheduler = _add_jobs(BlockingScheduler(timezone=TASHKENT), parts)
    click.echo(
        "scheduling: the quarter's plan at 00:15 on 1 Jan, Apr, Jul and Oct, and overdue-visit"
        " reminders at 07:30 every day (Asia/Tashkent); Ctrl-C stops"
    )
    with suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
    parts.broker.close()


def _add_jobs(scheduler: BaseScheduler, parts: bootstrap.Workers) -> BaseScheduler:
    return add_jobs(scheduler, scheduled_sender(parts.plan), scheduled_sender(parts.remind))


@main.command()
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day to remind for (default: today in Asia/Tashkent).",
)
def remind(day: datetime | None) -> None:
    """Record overdue-visit reminders (caseworker, then supervisor); safe to run again."""
    settings = _settings()
    runtime = _prepare(settings)
    today = day.date() if day else local_date(utc_now())
    with _projections(runtime, True):
        app = bootstrap.case_application(runtime)
        report = bootstrap.reminders(runtime, app).run(today)
        app.close()
    click.echo(f"{report.day}: {report.overdue} overdue visits, {report.reminded} reminders")


@main.group()
def roster() -> None:
    """The staff roster: who covers which mahallas and districts."""


@roster.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def roster_import(file: TextIO) -> None:
    """Add or update staff from a CSV file; bad rows are reported, good ones kept.

    Columns: user_id, full_name, role (CASEWORKER or SUPERVISOR), email, phone,
    language (uz-Latn, uz-Cyrl, ru, kk, en), region, district, mahallas (separated
    by ';') and capacity. Exits with 3 when any row was rejected.
    """
    settings = _settings()
    runtime = _prepare(settings)
    members, rejected = parse_roster(file)
    save_roster(runtime.database_url, members)
    click.echo(f"{len(members)} staff imported, {len(rejected)} rows rejected")
    for row in rejected:
        click.echo(f"line {row.line}: {row.reason}", err=True)
    if rejected:
        raise SystemExit(3)


@main.command()
@click.option("--user", required=True, help="Who the token speaks for; recorded on every event.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role], case_sensitive=False),
    default=Role.CASEWORKER.value,
    show_default=True,
)
@click.option("--hours", type=float, default=None, help="Lifetime (default: BAXT_TOKEN_HOURS).")
def token(user: str, role: str, hours: float | None) -> None:
    """Print a bearer token that this instance accepts."""
    settings = _settings()
    issuer = bootstrap.token_issuer(settings)
    click.echo(issuer.issue(user, Role(role.upper()), hours=hours or settings.token_hours))


@contextmanager
def _projections(runtime: bootstrap.Runtime, enabled: bool) -> Iterator[None]:
    if not enabled:
        yield
        return
    with bootstrap.start_projections(runtime), bootstrap.start_notifier(runtime):
        yield


@contextmanager
def _workers(
    runtime: bootstrap.Runtime, enabled: bool, *, threads: int = 2, with_schedule: bool = False
) -> Iterator[None]:
    if not enabled:
        yield
        return
    parts = bootstrap.workers(runtime)
    consumer = dramatiq.Worker(parts.broker, worker_threads=threads)
    stop = threading.Event()
    dispatcher = threading.Thread(target=parts.dispatcher.run, args=(stop,), daemon=True)
    scheduler = BackgroundScheduler(timezone=TASHKENT) if with_schedule else None
    consumer.start()
    dispatcher.start()
    if scheduler is not None:
        _add_jobs(scheduler, parts).start()
    try:
        yield
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        stop.set()
        dispatcher.join(timeout=5)
        consumer.stop()
        parts.broker.close()
