from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.types import ASGIApp, Lifespan, Scope
from strawberry import Schema

from baxt.application.backlog import BacklogReader
from baxt.application.followers.readiness import FollowerReadiness
from baxt.application.live_feed import LiveFeed, running
from baxt.graphql.core.context import Services
from baxt.graphql.core.limits import MAX_QUERY_COST
from baxt.graphql.core.persisted import PersistedDocuments
from baxt.graphql.schema import build_schema
from baxt.http.bearer import BearerAuth, TokenVerifier, request_principal
from baxt.http.exports import export_app
from baxt.http.graphql_view import BaxtGraphQL
from baxt.http.ide.assets import ASSETS_PATH, ide_assets
from baxt.http.metric_labels import OperationLabels, root_fields
from baxt.http.metrics import metrics_endpoint
from baxt.http.middleware import LimitedBody, SecurityHeaders
from baxt.http.monitoring.page import DashboardSignIn, dashboard_routes
from baxt.http.observing import ObservedRequests
from baxt.http.rate_limit import RateLimited, RateLimiter
from baxt.http.tracing import TracedRequests
from baxt.http.websocket import SocketGuards

Endpoint: TypeAlias = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Hardening:
    """How the API guards itself: production mode (no introspection, no IDE, no hints at
    names), the largest body and longest run a request may have, who may ask how often, and
    which documents run (with a trusted manifest, only its own)."""

    production: bool = False
    max_request_bytes: int = 100_000
    request_timeout: float | None = 30.0
    rate_limiter: RateLimiter | None = None
    max_query_cost: int = MAX_QUERY_COST
    max_page_size: int = 100
    documents: PersistedDocuments = field(default_factory=PersistedDocuments)
    metrics_token: str | None = None
    dashboard: DashboardSignIn = field(default_factory=DashboardSignIn)


def create_api(
    services: Services,
    pool: AsyncConnectionPool[Any],
    verifier: TokenVerifier,
    *,
    hardening: Hardening | None = None,
    readiness: FollowerReadiness | None = None,
) -> Starlette:
    """The HTTP API: GraphQL (and GraphiQL outside production, its files under
    /graphql/ide) at /graphql, with its subscriptions over WebSocket there when `services`
    hold a live feed, /healthz, /readyz, which names each follower of the event store with
    its state, lag and last error, from the rows their supervisors write in whichever process
    they run, the Prometheus metrics at /metrics (with `Hardening.metrics_token`, only
    for its bearer), and the monitoring dashboard at /monitoring."""
    guards = hardening or Hardening()
    followers = readiness or FollowerReadiness(pool)
    schema = _schema(guards)
    metrics = metrics_endpoint(followers, BacklogReader(pool), token=guards.metrics_token)
    graphql = BearerAuth(
        _graphql(services, guards, schema, verifier), verifier, ide_page=not guards.production
    )
    routes: list[BaseRoute] = [
        Route("/healthz", _healthz),
        Route("/readyz", _readyz(followers)),
        Route("/metrics", metrics),
        Route("/graphql", graphql),
        WebSocketRoute("/graphql", graphql),
        Route("/monitoring/export", export_app(services.monitoring, verifier)),
        *dashboard_routes(guards.dashboard),
    ]
    if not guards.production:
        routes.append(Mount(ASSETS_PATH, ide_assets()))
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(TracedRequests),
            Middleware(ObservedRequests, labels=OperationLabels(root_fields(schema._schema))),
            Middleware(SecurityHeaders),
            Middleware(LimitedBody, max_bytes=guards.max_request_bytes),
        ],
        lifespan=_lifespan(pool, services.live),
    )


def _lifespan(pool: AsyncConnectionPool[Any], live: LiveFeed | None) -> Lifespan[Starlette]:
    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await pool.open(wait=True, timeout=30)
        try:
            async with AsyncExitStack() as stack:
                if live is not None:
                    await stack.enter_async_context(running(live))
                yield
        finally:
            await pool.close()

    return lifespan


async def _healthz(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def _readyz(followers: FollowerReadiness) -> Endpoint:
    async def readyz(_: Request) -> JSONResponse:
        try:
            health = await followers.followers()
        except Exception:
            return JSONResponse({"status": "database unreachable"}, status_code=503)
        problems = [f.problem for f in health if f.problem is not None]
        body = {
            "status": "not ready" if problems else "ready",
            "lag": max((f.lag for f in health), default=0),
            "followers": [f.shown() for f in health],
            "problems": problems,
        }
        return JSONResponse(body, status_code=503 if problems else 200)

    return readyz


def _schema(guards: Hardening) -> Schema:
    return build_schema(
        guards.production,
        timeout=guards.request_timeout,
        max_query_cost=guards.max_query_cost,
        max_page_size=guards.max_page_size,
    )


def _graphql(
    services: Services, guards: Hardening, schema: Schema, verifier: TokenVerifier
) -> ASGIApp:
    sockets = (
        SocketGuards(verifier, guards.rate_limiter, guards.documents)
        if services.live is not None
        else None
    )
    graphql: ASGIApp = BaxtGraphQL(
        services,
        graphiql=not guards.production,
        schema=schema,
        documents=guards.documents,
        socket_guards=sockets,
    )
    if guards.rate_limiter is None:
        return graphql
    return RateLimited(graphql, guards.rate_limiter, _caller)


def _caller(scope: Scope) -> str:
    principal = request_principal(scope)
    if principal is not None:
        return f"user:{principal.user}"
    client = scope.get("client")
    return f"ip:{client[0] if client else 'unknown'}"
