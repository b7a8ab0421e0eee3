from __future__ import annotations

import secrets
from collections.abc import Iterator

import dramatiq
import pytest
from dramatiq.brokers.rabbitmq import RabbitmqBroker

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.migrations import apply_migrations
from tests.rostered import rostered_store
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
def rostered_app(fresh_database_url: str) -> Iterator[CaseApplication]:
    """An application on a database of its own, migrated and given the tests' roster."""
    with rostered_store(fresh_database_url, CASE_KEY) as app:
        yield app


@pytest.fixture
def rabbitmq() -> Iterator[tuple[dramatiq.Broker, str]]:
    broker = RabbitmqBroker(url=rabbitmq_url(), confirm_delivery=True)
    queue = f"notifications_test_{secrets.token_hex(4)}"
    yield broker, queue
    for name in (queue, f"{queue}.DQ", f"{queue}.XQ"):
        broker.channel.queue_delete(name)
    broker.close()
