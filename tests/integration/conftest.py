from __future__ import annotations

import secrets
from collections.abc import Iterator

import dramatiq
import pytest
from dramatiq.brokers.rabbitmq import RabbitmqBroker

from baxt.application.cases.application import CaseApplication
from baxt.application.webhooks.log import DeliveryLog
from baxt.application.webhooks.registry import EndpointRegistry
from baxt.bootstrap import event_store_env
from baxt.migrations import apply_migrations
from tests.integration.webhook_partner import Partner
from tests.services import rabbitmq_url

CASE_KEY = b"integration-tests"


@pytest.fixture(scope="session")
def migrated_url(database_url: str) -> str:
    apply_migrations(database_url)
    return database_url


@pytest.fixture
def app(migrated_url: str) -> Iterator[CaseApplication]:
    application = CaseApplication(event_store_env(migrated_url), case_key=CASE_KEY)
    yield application
    application.close()


@pytest.fixture
def events_db(fresh_database_url: str) -> Iterator[tuple[str, CaseApplication]]:
    """A database of its own, migrated, and an application on its event store."""
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    yield fresh_database_url, app
    app.close()


@pytest.fixture
def partner(fresh_database_url: str) -> Iterator[Partner]:
    """A partner with no endpoint yet, on a database of its own."""
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    registry = EndpointRegistry(fresh_database_url, production=False)
    yield Partner(fresh_database_url, app, registry, DeliveryLog(fresh_database_url))
    app.close()


@pytest.fixture
def rabbitmq() -> Iterator[tuple[dramatiq.Broker, str]]:
    broker = RabbitmqBroker(url=rabbitmq_url(), confirm_delivery=True)
    queue = f"notifications_test_{secrets.token_hex(4)}"
    yield broker, queue
    for name in (queue, f"{queue}.DQ", f"{queue}.XQ"):
        broker.channel.queue_delete(name)
    broker.close()
