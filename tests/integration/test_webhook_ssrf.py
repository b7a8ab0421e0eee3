"""In production a webhook never connects to an internal address, whatever name leads there.

The receiver is a real HTTP server on 127.0.0.1. Its endpoint is registered under a name the
registration accepts; at delivery the name resolves to the loopback address, and the
production transport refuses to connect: the delivery fails at once with ADDRESS_REFUSED,
recorded in its attempts, and the receiver hears nothing. The development sender, which
tests and local receivers use, still reaches it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from urllib.parse import urlsplit
from uuid import UUID

import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.webhooks.addresses import IPAddress
from baxt.application.webhooks.delivery import WebhookSender
from baxt.application.webhooks.log import DeliveryLog
from baxt.application.webhooks.registry import EndpointRegistry
from baxt.application.webhooks.transport import ADDRESS_REFUSED, PublicOnlyTransport, resolve
from baxt.bootstrap import event_store_env
from baxt.migrations import apply_migrations
from tests.integration.conftest import CASE_KEY
from tests.integration.test_webhooks import ADMIN, ORG, POLICY, Partner
from tests.webhook_receiver import Receiver, webhook_receiver

REBOUND = "hooks.partner.example"
"""A public-looking name that, at delivery time, resolves to the loopback address."""


def _rebinding_resolver(host: str, port: int) -> list[IPAddress]:
    if host == REBOUND:
        return [ipaddress.ip_address("127.0.0.1")]
    return resolve(host, port)


@pytest.fixture
def partner(fresh_database_url: str) -> Iterator[Partner]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    registry = EndpointRegistry(fresh_database_url, production=False)
    yield Partner(fresh_database_url, app, registry, DeliveryLog(fresh_database_url))
    app.close()


def _queued(partner: Partner, receiver: Receiver, host: str) -> UUID:
    """One delivery due to the receiver, whose endpoint URL names it by `host`."""
    port = urlsplit(receiver.url).port
    made = partner.registry.register(
        ADMIN, organisation_id=ORG, url=f"http://{host}:{port}/hooks", actor="admin"
    )
    receiver.secret = made.secret
    partner.refer()
    [delivery] = partner.follow()
    return delivery.id


def _send(partner: Partner, delivery_id: UUID, *, production: bool) -> str:
    transport = PublicOnlyTransport(_rebinding_resolver) if production else None
    sender = WebhookSender(partner.url, POLICY, timeout=2, transport=transport)
    try:
        return sender.deliver(delivery_id).status
    finally:
        sender.close()


@pytest.mark.parametrize("host", [REBOUND, "localhost", "127.0.0.1"])
def test_production_refuses_to_connect_to_a_loopback_receiver_by_any_name(
    partner: Partner, host: str
) -> None:
    with webhook_receiver() as receiver:
        delivery_id = _queued(partner, receiver, host)
        status = _send(partner, delivery_id, production=True)

    [attempt] = partner.log.attempts([delivery_id])[delivery_id]
    [record] = partner.log.page()
    assert status == "FAILED"
    assert record.status == "FAILED"
    assert attempt.http_status is None
    assert (attempt.error or "").startswith(ADDRESS_REFUSED)
    assert receiver.posts == []


def test_the_development_sender_still_reaches_the_local_receiver(partner: Partner) -> None:
    with webhook_receiver() as receiver:
        delivery_id = _queued(partner, receiver, "localhost")
        status = _send(partner, delivery_id, production=False)

    assert status == "DELIVERED"
    assert receiver.posts == [str(delivery_id)]
