"""The `baxt` command."""

from __future__ import annotations

import click

from baxt.cli import (
    audit,
    directory,
    documents,
    figures,
    imports,
    keys,
    notifications,
    planning,
    processes,
    staff,
    webhooks,
)


@click.group()
def main() -> None:
    """Baxt: case management for children at risk."""


for command in (
    processes.serve,
    processes.migrate,
    processes.project,
    processes.worker,
    processes.schedule,
    planning.plan,
    planning.remind,
    staff.roster,
    staff.token,
    imports.screening,
    imports.survey,
    notifications.notifications,
    webhooks.webhooks,
    audit.audit,
    directory.directory,
    documents.documents,
    keys.keys,
    figures.figures,
):
    main.add_command(command)
