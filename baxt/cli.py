"""The `baxt` command: serve, migrate, project, token."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import click
import psycopg
import uvicorn

from baxt import bootstrap
from baxt.config import ConfigError, Settings, load_settings
from baxt.demo import load_demo
from baxt.identity import Role


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
    help="Run the projection runner in this process (default: only on the embedded database).",
)
def serve(host: str, port: int, demo: bool, projections: bool | None) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql)."""
    settings = _settings()
    runtime = _prepare(settings)
    app = bootstrap.case_application(runtime)
    with _projections(runtime, projections if projections is not None else runtime.embedded):
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
        click.echo("projecting case_summary; Ctrl-C stops")
        with suppress(KeyboardInterrupt):
            stop.wait()


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
    runner = bootstrap.start_projections(runtime)
    with runner:
        yield
