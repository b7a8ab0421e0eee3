"""The long-running processes: the API, the projections, the workers, the scheduler."""

from __future__ import annotations

import signal
import threading
from contextlib import closing, suppress
from datetime import date
from typing import TYPE_CHECKING

import click
import uvicorn
from apscheduler.schedulers.blocking import BlockingScheduler

from baxt import bootstrap
from baxt.application.access.principal import Role
from baxt.application.directory import seed_directory
from baxt.bootstrap import scheduler
from baxt.cli.common import (
    connect,
    load_config,
    persisted_documents,
    progress,
    running_projections,
    running_workers,
    token_verifier,
)
from baxt.devtools.demo import ACTOR, load_demo, stories
from baxt.devtools.second_quarter import SUPERVISOR
from baxt.domain.quarter import TASHKENT
from baxt.observability import tracing
from baxt.projections.rebuild import RebuildError, check, rebuild

if TYPE_CHECKING:
    from baxt.http.local_issuer import LocalIssuer


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--demo",
    is_flag=True,
    help="Load the five worked cases of the seed stories, over two quarters.",
)
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
    _exit_on_sigterm()
    settings = load_config()
    tracing.start_tracing(settings, tracing.API)
    verifier = token_verifier(settings)
    documents = persisted_documents(settings)
    runtime = connect(settings)
    app = bootstrap.case_application(runtime)
    in_process = runtime.embedded
    with (
        closing(app),
        running_projections(runtime, in_process if projections is None else projections),
        running_workers(
            runtime, in_process if workers is None else workers, with_schedule=in_process
        ),
    ):
        if demo or in_process:
            click.echo(f"directory: {seed_directory(runtime.database_url)} seed entries added")
        if demo:
            played = load_demo(app, report=click.echo)
            click.echo(f"demo: {played} stories loaded ({5 - played} were already there)")
        issuer = bootstrap.token_issuer(settings)
        if demo and settings.oidc_issuer is None:
            for who, token in demo_tokens(issuer, settings.token_hours):
                click.echo(f"demo token of {who} (send as 'Authorization: Bearer <token>'):")
                click.echo(token)
        api = bootstrap.api(runtime, app, verifier, documents)
        click.echo(f"GraphQL at http://{host}:{port}/graphql")
        if settings.trusted_documents is not None:
            click.echo(f"only the documents of {settings.trusted_documents} run")
        uvicorn.run(
            api, host=host, port=port, log_level=settings.log_level.lower(), log_config=None
        )


def demo_tokens(issuer: LocalIssuer, hours: float) -> list[tuple[str, str]]:
    """Tokens for the demo's people: the caseworker of the stories' mahallas, the supervisor
    of their districts, and the supervisor of the district one family moves to."""
    told = stories(date.today())
    moved = [s.second.transfer for s in told if s.second and s.second.transfer]
    people: list[tuple[str, Role, dict[str, object]]] = [
        (ACTOR, Role.CASEWORKER, {"mahallas": sorted({s.household.mahalla for s in told})}),
        (SUPERVISOR, Role.SUPERVISOR, {"districts": sorted({s.household.district for s in told})}),
    ]
    for move in moved:
        people.append((move.supervisor, Role.SUPERVISOR, {"districts": [move.district]}))
    return [
        (user, issuer.issue(user, role, hours=hours, scope=scope)) for user, role, scope in people
    ]


@click.command()
def migrate() -> None:
    """Apply the read-model migrations that have not run yet."""
    settings = load_config()
    runtime = connect(settings)
    click.echo(f"read-model schema is up to date ({runtime.database_url.split('@')[-1]})")


@click.command()
@click.option(
    "--rebuild",
    "rebuild_name",
    metavar="NAME",
    help="Rebuild NAME from the first event into shadow tables, swap them in, and exit.",
)
@click.option(
    "--check",
    "check_name",
    metavar="NAME",
    help="Rebuild NAME aside, compare it with the live tables row by row, and exit"
    " (status 1 on any difference).",
)
def project(rebuild_name: str | None, check_name: str | None) -> None:
    """Run the projection runners until stopped (Ctrl-C), or rebuild or check one."""
    if rebuild_name and check_name:
        raise click.UsageError("--rebuild and --check cannot be combined")
    settings = load_config()
    tracing.start_tracing(settings, tracing.PROJECTOR)
    runtime = connect(settings)
    try:
        if rebuild_name:
            return _rebuild(runtime, rebuild_name)
        if check_name:
            return _check(runtime, check_name)
    except RebuildError as error:
        raise click.ClickException(error.message) from None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with running_projections(runtime, True):
        click.echo(
            "projecting case_summary, the notification outbox and partners' webhook deliveries;"
            " Ctrl-C stops"
        )
        with suppress(KeyboardInterrupt):
            stop.wait()


def _exit_on_sigterm() -> None:
    """Makes SIGTERM end the process as Ctrl-C does, through every `finally`: the followers
    leave their seats and the embedded PostgreSQL stops. (Uvicorn raises the signal again
    once it has shut down; without a handler the process would die there, uncleaned.)"""

    def leave(*_: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, leave)


def _rebuild(runtime: bootstrap.Runtime, name: str) -> None:
    done = rebuild(
        runtime.event_store_env,
        name,
        batch_size=runtime.settings.projection_batch_size,
        progress=progress(f"rebuilding {name}"),
    )
    click.echo(
        f"{done.projection} rebuilt from {done.events} events and swapped in"
        f" (live tables locked {done.swap_seconds:.3f} s); it tracks notification {done.position}"
    )


def _check(runtime: bootstrap.Runtime, name: str) -> None:
    result = check(
        runtime.event_store_env,
        name,
        batch_size=runtime.settings.projection_batch_size,
        progress=progress(f"rebuilding {name} aside"),
    )
    click.echo("\n".join(result.describe()))
    if not result.matches:
        raise SystemExit(1)


@click.command()
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
def worker(threads: int) -> None:
    """Run the notification workers and the outbox dispatcher until stopped (Ctrl-C)."""
    settings = load_config()
    tracing.start_tracing(settings, tracing.WORKER)
    runtime = connect(settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with running_workers(runtime, True, threads=threads):
        click.echo(f"delivering notifications with {threads} threads; Ctrl-C stops")
        with suppress(KeyboardInterrupt):
            stop.wait()


@click.command()
def schedule() -> None:
    """Run the cron triggers (the quarterly plan, Asia/Tashkent) until stopped (Ctrl-C)."""
    _exit_on_sigterm()
    settings = load_config()
    tracing.start_tracing(settings, tracing.SCHEDULER)
    triggers = scheduler.add_scheduled_jobs(
        BlockingScheduler(timezone=TASHKENT), settings.checkpoint_every_minutes
    )
    click.echo(
        "scheduling: the quarter's plan at 00:15 on 1 Jan, Apr, Jul and Oct, and overdue-visit"
        " reminders at 07:30 every day (Asia/Tashkent), and a signed checkpoint of the audit"
        f" ledger every {settings.checkpoint_every_minutes} min; Ctrl-C stops"
    )
    with suppress(KeyboardInterrupt, SystemExit):
        triggers.start()
    scheduler.close_broker()
