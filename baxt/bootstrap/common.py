"""What every process shares: its settings and database as a Runtime, the event store's
environment, the PII keys, and the case application."""

from __future__ import annotations

from dataclasses import dataclass

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.utils import Environment
from psycopg.conninfo import conninfo_to_dict

from baxt.application.cases.application import CaseApplication
from baxt.application.pii.keyring import CACHE_SECONDS, MASTER_KEY, PREVIOUS_MASTER_KEYS
from baxt.config import Settings
from baxt.embedded import start_embedded_postgres
from baxt.keys import key_bytes, pii_master_key
from baxt.migrations import apply_migrations
from baxt.projections.case_summary import CaseSummaryProjection
from baxt.workers.notifier import Notifier
from baxt.workers.webhooks import WebhookFollower


@dataclass(frozen=True)
class Runtime:
    """A process's view of the system: its settings and the database it uses."""

    settings: Settings
    database_url: str

    @property
    def embedded(self) -> bool:
        return self.settings.database_url is None

    @property
    def event_store_env(self) -> dict[str, str]:
        """The event store's settings for this process; `prepare` has made its tables."""
        return event_store_env(self.database_url) | pii_env(self.settings) | _TABLES_MADE


def pii_env(settings: Settings) -> dict[str, str]:
    """The PII master keys, as the case application reads them from its environment."""
    current = pii_master_key(settings.pii_key, settings.pii_key_file, settings.data_dir)
    return {
        MASTER_KEY: current,
        PREVIOUS_MASTER_KEYS: settings.pii_previous_keys.get_secret_value(),
        CACHE_SECONDS: str(settings.pii_key_cache_seconds),
    }


_TABLES_MADE = {"CREATE_TABLE": "no"}
FOLLOWED_BY_NAME = (CaseSummaryProjection.name, Notifier.name, WebhookFollower.name)
"""The tracked subscriptions, whose tracking tables `prepare` makes."""


def prepare(settings: Settings, *, migrate: bool = True) -> Runtime:
    """Finds or starts the database and brings its schema up to date: the read-model
    migrations, then the event store's own tables, under one advisory lock."""
    url = settings.database_url or start_embedded_postgres(settings.data_dir)
    if migrate:
        apply_migrations(url, then=[lambda: make_event_store_tables(event_store_env(url))])
    return Runtime(settings, url)


def make_event_store_tables(env: dict[str, str]) -> None:
    """Makes the events table and the tracking tables, which the library would otherwise make
    in each process on first use (racing, on a fresh database, for the same `pg_type` row)."""
    made = env | {"CREATE_TABLE": "yes"}
    for name in (CaseApplication.name, *FOLLOWED_BY_NAME):
        factory = InfrastructureFactory[PostgresTrackingRecorder].construct(Environment(name, made))
        try:
            if name == CaseApplication.name:
                factory.application_recorder()
            else:
                factory.tracking_recorder(PostgresTrackingRecorder)
        finally:
            factory.close()


def event_store_env(database_url: str) -> dict[str, str]:
    """The event store's settings for the PostgreSQL database at `database_url`.

    No pre-ping: the library retries each read and insert on a lost connection (and a retried
    insert whose first attempt had committed is settled by `SavingCases`), so a check before
    every checkout would only add a round trip to every command.
    """
    info = conninfo_to_dict(database_url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(info.get("dbname") or "postgres"),
        "POSTGRES_HOST": str(info.get("host") or "localhost"),
        "POSTGRES_PORT": str(info.get("port") or "5432"),
        "POSTGRES_USER": str(info.get("user") or "postgres"),
        "POSTGRES_PASSWORD": str(info.get("password") or ""),
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": "7",
    }


def case_application(runtime: Runtime) -> CaseApplication:
    """The case application on the runtime's event store, with its case-ID key."""
    settings = runtime.settings
    return CaseApplication(
        runtime.event_store_env,
        case_key=key_bytes(settings.case_key, settings.data_dir, "case-id.key"),
        verify_check_digit=settings.verify_pinfl_check_digit,
    )
