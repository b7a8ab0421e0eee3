"""The roster, and tokens for a local instance."""

from __future__ import annotations

from typing import TextIO

import click

from baxt import bootstrap
from baxt.application.access.principal import ORGANISATION_CLAIM, Role
from baxt.application.roster import parse_roster, save_roster
from baxt.cli.common import connect, load_config


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
@click.option("--region", "regions", multiple=True, help="A region the role covers (repeatable).")
@click.option(
    "--district", "districts", multiple=True, help="A district the role covers (repeatable)."
)
@click.option(
    "--mahalla", "mahallas", multiple=True, help="A mahalla the role covers (repeatable)."
)
@click.option("--org", default=None, help="The partner organisation the token speaks for.")
def token(
    user: str,
    role: str,
    hours: float | None,
    regions: tuple[str, ...],
    districts: tuple[str, ...],
    mahallas: tuple[str, ...],
    org: str | None,
) -> None:
    """Print a bearer token that this instance accepts, scoped by the places or org given."""
    settings = load_config()
    if settings.oidc_issuer:
        raise click.ClickException(
            "BAXT_OIDC_ISSUER is set: tokens come from that identity provider, not from baxt token"
        )
    lists = {"regions": regions, "districts": districts, "mahallas": mahallas}
    scope: dict[str, object] = {name: list(values) for name, values in lists.items() if values}
    if org:
        scope[ORGANISATION_CLAIM] = org
    issuer = bootstrap.token_issuer(settings)
    click.echo(
        issuer.issue(user, Role(role.upper()), hours=hours or settings.token_hours, scope=scope)
    )
