"""Messages that could not be delivered."""

from __future__ import annotations

from uuid import UUID

import click

from baxt.application.dead_letters import dead_messages, retry_dead
from baxt.cli.common import connect, load_config


@click.group()
def notifications() -> None:
    """The notification outbox: messages marked DEAD, and sending them again."""


@notifications.command("dead")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
def dead(limit: int) -> None:
    """List DEAD messages, newest first: ID, kind, channel, recipient, attempts, last error."""
    for m in dead_messages(connect(load_config()).database_url, limit):
        click.echo(
            f"{m.id}\t{m.kind}\t{m.channel}\t{m.recipient}\t{m.attempts}\t{m.last_error or ''}"
        )


@notifications.command("retry")
@click.argument("ids", nargs=-1, type=click.UUID)
@click.option("--all", "every", is_flag=True, help="Every DEAD message.")
def retry(ids: tuple[UUID, ...], every: bool) -> None:
    """Send DEAD messages (IDS, or --all) again, with a fresh count of attempts."""
    if not ids and not every:
        raise click.UsageError("give message IDs, or --all")
    put_back = retry_dead(connect(load_config()).database_url, ids, every=every)
    click.echo(f"{len(put_back)} messages put back in the outbox")
