"""The composition root: builds each process's parts from the settings."""

from __future__ import annotations

import functools
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import dramatiq
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.utils import Environment
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette

from baxt import following
from baxt.api import Hardening, create_api
from baxt.application.audit.access_log import AccessLog
from baxt.application.audit.ledger import Ledger
from baxt.application.audit.load import HistoryLoad
from baxt.application.audit.proofs import Prover
from baxt.application.audit.queries import AuditQueries
from baxt.application.audit.signing import CheckpointSigner
from baxt.application.audit.verify import Verifier
from baxt.application.cases import CaseApplication, utc_now
from baxt.application.directory import ServiceDirectory
from baxt.application.feed import NotificationFeed
from baxt.application.followers.readiness import FollowerReadiness
from baxt.application.followers.supervisor import Supervisor
from baxt.application.imports.queries import ImportQueries
from baxt.application.imports.screening import ImportSettings
from baxt.application.partners.figures import PartnerFigureQueries
from baxt.application.partners.reads import PartnerReferralReads
from baxt.application.partners.service import PartnerService
from baxt.application.pii.keyring import CACHE_SECONDS, MASTER_KEY, PREVIOUS_MASTER_KEYS
from baxt.application.planning import QuarterPlanner
from baxt.application.read_model import CaseReadModel
from baxt.application.referral_reminders import ReferralReminderReport, ReferralReminders
from baxt.application.reminders import OverdueReminders, ReminderReport
from baxt.application.service import CaseService
from baxt.application.staff_directory import StaffDirectory
from baxt.application.webhooks.backoff import RetryPolicy
from baxt.application.webhooks.delivery import WebhookSender
from baxt.application.webhooks.log import DeliveryLog
from baxt.application.webhooks.registry import EndpointRegistry
from baxt.application.webhooks.service import WebhookService
from baxt.application.webhooks.transport import PublicOnlyTransport
from baxt.application.workload import Workload
from baxt.config import ConfigError, Settings
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.risk.catalogue import default_catalogue
from baxt.domain.risk.rules import default_rule_sets
from baxt.embedded import start_embedded_postgres
from baxt.following import supervising_one
from baxt.graphql.context import Services
from baxt.hsds.routes import hsds_api
from baxt.identity import LocalIssuer, TokenVerifier
from baxt.keys import checkpoint_key, key_bytes, pii_master_key
from baxt.migrations import apply_migrations
from baxt.oidc import OidcConfig, OidcSetupError, discover, parse_algorithms
from baxt.projections.case_summary import CaseSummaryProjection
from baxt.projections.catch_up import Progress
from baxt.ratelimit import RateLimiter
from baxt.workers.broker import (
    PLAN_QUARTER,
    REMIND_OVERDUE,
    TAKE_CHECKPOINT,
    declare_actors,
    declare_scheduled_actor,
    enqueuer,
    make_broker,
)
from baxt.workers.channels import Channel, HttpSmsChannel, SmtpChannel
from baxt.workers.delivery import Delivery
from baxt.workers.dispatcher import Dispatcher
from baxt.workers.notifier import SILENCE_ON_LOAD, Notifier
from baxt.workers.webhooks import (
    SILENCE_ON_LOAD as WEBHOOKS_SILENCED_ON_LOAD,
)
from baxt.workers.webhooks import (
    WebhookDispatcher,
    WebhookFollower,
    declare_webhook_actor,
    webhook_enqueuer,
)


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
        "POSTGRES_PRE_PING": "yes",
    }


def case_application(runtime: Runtime) -> CaseApplication:
    settings = runtime.settings
    return CaseApplication(
        runtime.event_store_env,
        case_key=key_bytes(settings.case_key, settings.data_dir, "case-id.key"),
        verify_check_digit=settings.verify_pinfl_check_digit,
    )


def start_projections(
    runtime: Runtime, progress: Progress | None = None
) -> AbstractContextManager[Supervisor]:
    """Supervises case_summary while the block runs: caught up in batches, then projected
    live from its tracked position."""
    return supervising_one(runtime, following.case_summary(runtime, progress))


def token_issuer(settings: Settings) -> LocalIssuer:
    return LocalIssuer(key_bytes(settings.jwt_secret, settings.data_dir, "jwt.key"))


def token_verifier(settings: Settings) -> TokenVerifier:
    """The OIDC issuer's verifier when BAXT_OIDC_ISSUER is set, else the local issuer.

    Raises ConfigError when the issuer's discovery document or keys cannot be read.
    """
    if settings.oidc_issuer is None:
        return token_issuer(settings)
    config = OidcConfig(
        issuer=settings.oidc_issuer,
        audience=settings.oidc_audience or "",
        algorithms=parse_algorithms(settings.oidc_algorithms),
        jwks_url=settings.oidc_jwks_url,
        leeway_seconds=settings.oidc_leeway_seconds,
        role_claim=settings.oidc_role_claim,
    )
    try:
        return discover(config)
    except OidcSetupError as error:
        name = "BAXT_OIDC_JWKS_URL" if settings.oidc_jwks_url else "BAXT_OIDC_ISSUER"
        raise ConfigError(f"{name}: {error}") from None


def read_pool(runtime: Runtime) -> AsyncConnectionPool[Any]:
    """The async pool the API reads with, each connection checked as it is handed out;
    opened by the API's lifespan."""
    return AsyncConnectionPool(
        runtime.database_url,
        min_size=1,
        max_size=6,
        open=False,
        check=AsyncConnectionPool.check_connection,
    )


def case_service(
    runtime: Runtime, app: CaseApplication, pool: AsyncConnectionPool[Any]
) -> CaseService:
    return CaseService(
        app,
        CaseReadModel(pool),
        read_your_writes_timeout=runtime.settings.read_your_writes_timeout,
    )


def api(runtime: Runtime, app: CaseApplication, tokens: TokenVerifier) -> Starlette:
    """The HTTP API over `app`, reading through its own async pool."""
    pool = read_pool(runtime)
    cases = case_service(runtime, app, pool)
    services = Services(
        cases=cases,
        staff=StaffDirectory(pool),
        feed=NotificationFeed(pool),
        workload=Workload(pool, cases.read_model),
        imports=ImportQueries(runtime.database_url, default_catalogue(), default_rule_sets()),
        access=AccessLog(pool),
        audit=AuditQueries(verifier(runtime), prover(runtime)),
        directory=ServiceDirectory(pool),
        webhooks=webhook_service(runtime),
        partners=partner_service(runtime, app, cases.read_model, pool),
        partner_figures=PartnerFigureQueries(pool),
        max_page_size=runtime.settings.max_page_size,
    )
    guards = hardening(runtime.settings)
    readiness = FollowerReadiness(pool, stale_after=runtime.settings.follower_stale_seconds)
    served = create_api(services, pool, tokens, hardening=guards, readiness=readiness)
    served.mount(
        "/hsds",
        hsds_api(
            services.directory,
            tokens,
            max_per_page=services.max_page_size,
            rate_limiter=guards.rate_limiter,
        ),
    )
    return served


def partner_service(
    runtime: Runtime,
    app: CaseApplication,
    read_model: CaseReadModel,
    pool: AsyncConnectionPool[Any],
) -> PartnerService:
    return PartnerService(
        app,
        PartnerReferralReads(pool, lambda: local_date(utc_now())),
        read_model,
        read_your_writes_timeout=runtime.settings.read_your_writes_timeout,
        clock=utc_now,
    )


def hardening(settings: Settings) -> Hardening:
    """The API's mode and limits from BAXT_ENVIRONMENT and the request limit settings."""
    return Hardening(
        production=settings.production,
        max_request_bytes=settings.max_request_bytes,
        request_timeout=settings.request_timeout_seconds,
        rate_limiter=RateLimiter(settings.rate_limit, settings.rate_limit_storage),
        max_query_cost=settings.max_query_cost,
        max_page_size=settings.max_page_size,
    )


def delivery(settings: Settings, database_url: str) -> Delivery:
    """Sends notifications through the channels the settings configure."""
    channels: dict[str, Channel] = {}
    if settings.smtp_host:
        channels["EMAIL"] = SmtpChannel(
            settings.smtp_host, settings.smtp_port, settings.smtp_sender
        )
    if settings.sms_gateway_url:
        token = (
            settings.sms_gateway_token.get_secret_value() if settings.sms_gateway_token else None
        )
        channels["SMS"] = HttpSmsChannel(settings.sms_gateway_url, token)
    return Delivery(
        database_url,
        channels,
        public_url=settings.public_url,
        max_attempts=settings.notification_max_attempts,
    )


def start_notifier(runtime: Runtime) -> AbstractContextManager[Supervisor]:
    """Supervises the tracked subscription that writes messages into the outbox."""
    return supervising_one(runtime, following.notifier(runtime))


def start_webhook_follower(runtime: Runtime) -> AbstractContextManager[Supervisor]:
    """Supervises the tracked subscription that writes partners' webhook deliveries."""
    return supervising_one(runtime, following.webhooks(runtime))


def webhook_service(runtime: Runtime) -> WebhookService:
    registry = EndpointRegistry(runtime.database_url, production=runtime.settings.production)
    return WebhookService(registry, DeliveryLog(runtime.database_url))


def webhook_sender(settings: Settings, database_url: str) -> WebhookSender:
    """Sends webhook deliveries with the retry and timeout settings."""
    policy = RetryPolicy(
        base_seconds=settings.webhook_retry_base_seconds,
        max_seconds=settings.webhook_retry_max_seconds,
        max_attempts=settings.webhook_max_attempts,
    )
    transport = PublicOnlyTransport() if settings.production else None
    return WebhookSender(
        database_url, policy, timeout=settings.webhook_timeout_seconds, transport=transport
    )


@dataclass
class Workers:
    """The broker, its actors, and the dispatcher that feeds it from the outbox."""

    broker: dramatiq.Broker
    deliver: dramatiq.Actor[[str], None]
    plan: dramatiq.Actor[[str], None]
    remind: dramatiq.Actor[[str], None]
    checkpoint: dramatiq.Actor[[str], None]
    dispatcher: Dispatcher
    deliver_webhook: dramatiq.Actor[[str], None]
    webhook_dispatcher: WebhookDispatcher


def workers(runtime: Runtime) -> Workers:
    settings = runtime.settings
    broker = make_broker(
        settings.broker_url, redis_heartbeat_timeout=settings.redis_heartbeat_timeout_seconds
    )
    dramatiq.set_broker(broker)
    sender = delivery(runtime.settings, runtime.database_url)
    deliver = declare_actors(broker, lambda: sender)
    app = functools.cache(lambda: case_application(runtime))  # built on first use, then reused
    plan = declare_scheduled_actor(
        broker, PLAN_QUARTER, lambda quarter: planner(runtime, app()).plan(Quarter.parse(quarter))
    )
    remind = declare_scheduled_actor(
        broker, REMIND_OVERDUE, lambda day: remind_all(runtime, app(), date.fromisoformat(day))
    )
    checkpoint = declare_scheduled_actor(
        broker, TAKE_CHECKPOINT, lambda _: take_checkpoint(runtime)
    )
    dispatcher = Dispatcher(
        runtime.database_url,
        enqueuer(deliver),
        stale_after=timedelta(seconds=settings.outbox_stale_seconds),
        urgent_stale_after=timedelta(seconds=settings.urgent_stale_seconds),
        sweep_every=settings.outbox_sweep_seconds,
    )
    webhooks = webhook_sender(runtime.settings, runtime.database_url)
    deliver_webhook = declare_webhook_actor(broker, lambda: webhooks)
    webhook_dispatcher = WebhookDispatcher(
        runtime.database_url,
        webhook_enqueuer(deliver_webhook),
        sweep_every=settings.outbox_sweep_seconds,
    )
    return Workers(
        broker, deliver, plan, remind, checkpoint, dispatcher, deliver_webhook, webhook_dispatcher
    )


def planner(runtime: Runtime, app: CaseApplication) -> QuarterPlanner:
    return QuarterPlanner(app, runtime.database_url)


def import_settings(runtime: Runtime) -> ImportSettings:
    """The indicator catalogue and rule sets shipped with Baxt, and the settings' checks."""
    return ImportSettings(
        catalogue=default_catalogue(),
        rule_sets=default_rule_sets(),
        clock=utc_now,
        verify_check_digit=runtime.settings.verify_pinfl_check_digit,
    )


def reminders(runtime: Runtime, app: CaseApplication) -> OverdueReminders:
    return OverdueReminders(
        app,
        runtime.database_url,
        supervisor_after_days=runtime.settings.overdue_supervisor_after_days,
    )


def referral_reminders(runtime: Runtime, app: CaseApplication) -> ReferralReminders:
    return ReferralReminders(
        app,
        runtime.database_url,
        answer_days=runtime.settings.referral_answer_days,
        escalate_days=runtime.settings.referral_escalate_days,
    )


def remind_all(
    runtime: Runtime, app: CaseApplication, day: date
) -> tuple[ReminderReport, ReferralReminderReport]:
    """The day's reminders: overdue home visits, then referrals partners have not answered."""
    return reminders(runtime, app).run(day), referral_reminders(runtime, app).run(day)


def ledger(runtime: Runtime) -> Ledger:
    return Ledger(runtime.database_url)


def following_ledger(runtime: Runtime) -> AbstractContextManager[Supervisor]:
    """Keeps the audit ledger sealed, supervised, while the block runs."""
    return supervising_one(runtime, following.ledger(runtime))


def checkpoint_signer(runtime: Runtime) -> CheckpointSigner:
    settings = runtime.settings
    key = checkpoint_key(settings.checkpoint_key_file, settings.data_dir)
    previous = tuple(
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(hex_key))
        for hex_key in settings.checkpoint_previous_keys.split(",")
        if hex_key
    )
    return CheckpointSigner(runtime.database_url, settings.log_origin, key, utc_now, previous)


def take_checkpoint(runtime: Runtime) -> object:
    """Seals what is not sealed yet, then signs a checkpoint if the ledger grew."""
    ledger(runtime).seal()
    return checkpoint_signer(runtime).sign()


def verifier(runtime: Runtime) -> Verifier:
    return Verifier(runtime.database_url, checkpoint_signer(runtime).identity)


def prover(runtime: Runtime) -> Prover:
    return Prover(runtime.database_url, checkpoint_signer(runtime).identity)


def history_load(runtime: Runtime, app: CaseApplication) -> HistoryLoad:
    """Loads an exported history; the notifier and the webhook follower count it as seen, so
    nothing is sent again."""
    silenced = (*SILENCE_ON_LOAD, *WEBHOOKS_SILENCED_ON_LOAD)
    return HistoryLoad(app, runtime.database_url, silenced=silenced)
