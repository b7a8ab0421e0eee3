"""The API process's composition root: the HTTP API, its read pool and its services."""

from __future__ import annotations

from typing import Any

from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette

from baxt.application.audit.access_log import AccessLog
from baxt.application.audit.queries import AuditQueries
from baxt.application.cases.application import CaseApplication, utc_now
from baxt.application.cases.read_model import CaseReadModel
from baxt.application.cases.service import CaseService
from baxt.application.concern.reads import ConcernReportReads
from baxt.application.concern.service import ConcernService
from baxt.application.directory import ServiceDirectory
from baxt.application.duplicates.candidates import DuplicateCandidates
from baxt.application.duplicates.pairs import DuplicatePairs
from baxt.application.duplicates.service import DuplicateService
from baxt.application.feed import NotificationFeed
from baxt.application.followers.readiness import FollowerReadiness
from baxt.application.households.service import HouseholdService
from baxt.application.imports.queries import ImportQueries
from baxt.application.live_feed import LiveFeed
from baxt.application.monitoring.figures import MonitoringFigures
from baxt.application.monitoring.sources import FigureSources
from baxt.application.partners.figures import PartnerFigureQueries
from baxt.application.partners.reads import PartnerReferralReads
from baxt.application.partners.service import PartnerService
from baxt.application.pii.row_opener import RowOpener
from baxt.application.staff_directory import StaffDirectory
from baxt.application.teams.reads import TeamReads
from baxt.application.teams.service import TeamService
from baxt.application.webhooks.log import DeliveryLog
from baxt.application.webhooks.registry import EndpointRegistry
from baxt.application.webhooks.service import WebhookService
from baxt.application.workload import Workload
from baxt.bootstrap.audit import prover, verifier
from baxt.bootstrap.common import Runtime
from baxt.bootstrap.figures import figure_explainer
from baxt.bootstrap.pool_checks import IdleConnectionCheck
from baxt.config import ConfigError, Settings
from baxt.domain.quarter import local_date
from baxt.domain.risk.catalogue import default_catalogue
from baxt.domain.risk.rules import default_rule_sets
from baxt.graphql.core.context import Services
from baxt.graphql.core.manifest import ManifestError, read_manifest
from baxt.graphql.core.persisted import PersistedDocuments
from baxt.hsds.routes import hsds_api
from baxt.http.app import Hardening, create_api
from baxt.http.bearer import TokenVerifier
from baxt.http.monitoring.page import DashboardSignIn
from baxt.http.rate_limit import RateLimiter


def read_pool(runtime: Runtime) -> AsyncConnectionPool[Any]:
    """The async pool the API reads with, each connection that lay idle checked as it is
    handed out; opened by the API's lifespan."""
    return AsyncConnectionPool(
        runtime.database_url,
        min_size=1,
        max_size=6,
        open=False,
        check=IdleConnectionCheck().check,
    )


def opener(app: CaseApplication) -> RowOpener:
    """What opens the read models' sealed texts, with the application's master keys."""
    return RowOpener(app.child_keys.master)


def case_service(
    runtime: Runtime, app: CaseApplication, pool: AsyncConnectionPool[Any]
) -> CaseService:
    return CaseService(
        app,
        CaseReadModel(pool, opener(app)),
        read_your_writes_timeout=runtime.settings.read_your_writes_timeout,
        approvals=runtime.settings.approvals,
    )


def api(
    runtime: Runtime,
    app: CaseApplication,
    tokens: TokenVerifier,
    documents: PersistedDocuments | None = None,
) -> Starlette:
    """The HTTP API over `app`, reading through its own async pool; `documents` as
    `persisted_documents` reads them from the settings unless given."""
    pool = read_pool(runtime)
    cases = case_service(runtime, app, pool)
    concerns = ConcernService(app, ConcernReportReads(pool, opener(app)), cases.read_your_writes)
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
        partners=partner_service(runtime, app, cases.read_model, pool, concerns),
        partner_figures=PartnerFigureQueries(pool),
        monitoring=MonitoringFigures(pool, runtime.settings.small_count),
        max_page_size=runtime.settings.max_page_size,
        households=HouseholdService(app, cases, pool, opener(app)),
        teams=TeamService(app, cases),
        team_reads=TeamReads(pool, opener(app), runtime.settings.small_count),
        duplicates=DuplicateService(
            cases, DuplicateCandidates(pool, opener(app)), DuplicatePairs(pool, opener(app))
        ),
        live=LiveFeed(runtime.database_url),
        concerns=concerns,
        figure_sources=FigureSources(runtime.database_url, figure_explainer(runtime)),
    )
    guards = hardening(runtime.settings, documents)
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
    concerns: ConcernService,
) -> PartnerService:
    return PartnerService(
        app,
        PartnerReferralReads(pool, lambda: local_date(utc_now()), opener(app)),
        read_model,
        read_your_writes_timeout=runtime.settings.read_your_writes_timeout,
        clock=utc_now,
        concerns=concerns,
    )


def hardening(settings: Settings, documents: PersistedDocuments | None = None) -> Hardening:
    """The API's mode and limits from BAXT_ENVIRONMENT, the request limit settings,
    BAXT_TRUSTED_DOCUMENTS and BAXT_METRICS_TOKEN."""
    return Hardening(
        production=settings.production,
        max_request_bytes=settings.max_request_bytes,
        request_timeout=settings.request_timeout_seconds,
        rate_limiter=RateLimiter(
            settings.rate_limit, settings.rate_limit_storage, settings.rate_limit_key_prefix
        ),
        max_query_cost=settings.max_query_cost,
        max_page_size=settings.max_page_size,
        documents=documents or persisted_documents(settings),
        metrics_token=settings.metrics_token.get_secret_value() if settings.metrics_token else None,
        dashboard=DashboardSignIn(
            settings.oidc_issuer, settings.monitoring_client_id or settings.oidc_audience
        ),
    )


def persisted_documents(settings: Settings) -> PersistedDocuments:
    """The documents the API runs: any (with automatic persisted queries), or with
    BAXT_TRUSTED_DOCUMENTS only those of its manifest. Raises ConfigError for a bad one."""
    if settings.trusted_documents is None:
        return PersistedDocuments()
    try:
        return PersistedDocuments(read_manifest(settings.trusted_documents))
    except ManifestError as error:
        raise ConfigError(f"BAXT_TRUSTED_DOCUMENTS: {error}") from None


def webhook_service(runtime: Runtime) -> WebhookService:
    """Partners' webhook endpoints and their delivery log."""
    registry = EndpointRegistry(runtime.database_url, production=runtime.settings.production)
    return WebhookService(registry, DeliveryLog(runtime.database_url))
