"""The roster, and tokens for a local instance."""

from __future__ import annotations

from typing import TextIO

import click

from baxt import bootstrap
from baxt.application.roster import parse_roster, save_roster
from baxt.cli.common import connect, load_config
from baxt.identity import Role


@click.group()
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
    settings = load_config()
    runtime = connect(settings)
    members, rejected = parse_roster(file)
    save_roster(runtime.database_url, members)
    click.echo(f"{len(members)} staff imported, {len(rejected)} rows rejected")
    for row in rejected:
        click.echo(f"line {row.line}: {row.reason}", err=True)
    if rejected:
        raise SystemExit(3)


@click.command()
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
    settings = load_config()
    issuer = bootstrap.token_issuer(settings)
    click.echo(issuer.issue(user, Role(role.upper()), hours=hours or settings.token_hours))
