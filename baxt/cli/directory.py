"""The service directory's reference data."""

from __future__ import annotations

import click

from baxt.application.directory import SOS_ORGANISATION_ID, seed_directory
from baxt.cli.common import connect, load_config


@click.group()
def directory() -> None:
    """The service directory: organisations, services and locations (HSDS 3.0 shaped)."""


@directory.command("seed")
def directory_seed() -> None:
    """Add the seed directory's entries that are missing; entries already there are kept.

    The seed holds SOS Children's Villages Uzbekistan's programmes and places, and the public
    services the worked cases are referred to. Running it twice adds nothing twice.
    """
    runtime = connect(load_config())
    added = seed_directory(runtime.database_url)
    click.echo(f"directory: {added} entries added")
    click.echo(f"SOS Children's Villages Uzbekistan: organisation {SOS_ORGANISATION_ID}")
