"""Webhooks to partners: the delivery log, and sending deliveries again."""

from __future__ import annotations

from uuid import UUID

import click

from baxt.application.webhooks.log import STATUSES, DeliveryLog
from baxt.cli.common import connect, load_config


@click.group()
def webhooks() -> None:
    """Webhook deliveries to partner organisations."""


@webhooks.command("deliveries")
@click.option("--endpoint", type=click.UUID, help="Only this endpoint's deliveries.")
@click.option("--status", type=click.Choice(STATUSES, case_sensitive=False))
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
def deliveries(endpoint: UUID | None, status: str | None, limit: int) -> None:
    """List deliveries, newest first: webhook-id, status, attempts, event, organisation, error."""
    log = DeliveryLog(connect(load_config()).database_url)
    found = log.page(endpoint_id=endpoint, status=status.upper() if status else None, limit=limit)
    for d in found:
        click.echo(
            f"{d.id}\t{d.status}\t{d.attempts}\t{d.event_type}\t{d.organisation_id}"
            f"\t{d.created_at.isoformat()}\t{d.last_error or ''}"
        )


@webhooks.command("replay")
@click.argument("ids", nargs=-1, required=True, type=click.UUID)
def replay(ids: tuple[UUID, ...]) -> None:
    """Send deliveries IDS again now, with the same webhook-id (receivers drop repeats)."""
    put_back = DeliveryLog(connect(load_config()).database_url).replay(ids)
    click.echo(f"{len(put_back)} deliveries put back to be sent")
    for missed in sorted(set(ids) - set(put_back), key=str):
        click.echo(f"not replayed (unknown, or its endpoint is disabled): {missed}", err=True)
