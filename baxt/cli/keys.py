"""`baxt keys`: the PII master key and the children's keys it wraps."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from baxt import bootstrap
from baxt.application.pii.master_keys import MasterKeyError, new_master_key
from baxt.application.pii.postgres_keys import PostgresChildKeys
from baxt.application.pii.transfer import read_keys, write_keys
from baxt.cli.common import connect, load_config
from baxt.domain.errors import DomainError


@click.group()
def keys() -> None:
    """The PII master key and the children's own keys."""


@keys.command()
def new() -> None:
    """Print a fresh master key, for BAXT_PII_KEY or the file BAXT_PII_KEY_FILE names."""
    click.echo(new_master_key())


@keys.command()
def rewrap() -> None:
    """Wrap every child key with the current master key (after a rotation); events stay."""
    runtime = connect(load_config())
    app = bootstrap.case_application(runtime)
    try:
        child_keys = app.child_keys
        assert isinstance(child_keys, PostgresChildKeys)
        done = child_keys.rewrap(progress=lambda n: click.echo(f"rewrapped {n}", err=True))
    except MasterKeyError as error:
        raise click.ClickException(str(error)) from None
    finally:
        app.close()
    click.echo(f"{done} child keys now wrapped by master key {child_keys.master.current_id}")


@keys.command(name="export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
def export_keys(output: Path | None) -> None:
    """Write the children's keys, still wrapped, as JSON Lines (to standard output by default)."""
    runtime = connect(load_config())
    if output is None:
        count = write_keys(runtime.database_url, sys.stdout.buffer)
    else:
        with output.open("wb") as out:
            count = write_keys(runtime.database_url, out)
    click.echo(f"exported {count} child keys", err=True)


@keys.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_keys(file: Path) -> None:
    """Add the children's keys from FILE, all or nothing; a case that has a key keeps it."""
    runtime = connect(load_config())
    try:
        count = read_keys(runtime.database_url, file)
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    click.echo(f"imported {count} child keys")
