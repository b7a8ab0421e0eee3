"""`baxt documents`: the trusted-documents manifest a frontend ships."""

from __future__ import annotations

import json
from pathlib import Path

import click

from baxt.graphql.core.manifest import ManifestError, manifest_of


@click.group()
def documents() -> None:
    """The GraphQL documents a production API runs (BAXT_TRUSTED_DOCUMENTS)."""


@documents.command()
@click.argument(
    "folder", type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=Path)
)
def manifest(folder: Path) -> None:
    """Print the manifest of every .graphql file under FOLDER: a JSON object from each
    file's SHA-256 to its text, each file one document, read exactly as it stands."""
    try:
        built = manifest_of(folder)
    except ManifestError as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(built, indent=2, ensure_ascii=False))
