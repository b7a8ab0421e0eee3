from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from baxt.graphql.context import Services
from baxt.graphql.http import BaxtGraphQL, BearerAuth
from baxt.identity import LocalIssuer


def create_api(
    services: Services,
    pool: AsyncConnectionPool[Any],
    issuer: LocalIssuer,
    *,
    graphiql: bool = True,
) -> Starlette:
    """The HTTP API: GraphQL (and GraphiQL) at /graphql, /healthz and /readyz."""

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await pool.open(wait=True, timeout=30)
        try:
            yield
        finally:
            await pool.close()

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        try:
            lag = await services.cases.read_model.lag()
        except Exception:
            return JSONResponse({"status": "database unreachable"}, status_code=503)
        if lag:
            return JSONResponse({"status": "projections catching up", "lag": lag}, status_code=503)
        return JSONResponse({"status": "ready", "lag": 0})

    graphql = BaxtGraphQL(services, graphiql=graphiql)
    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", BearerAuth(graphql, issuer)),
        ],
        lifespan=lifespan,
    )
