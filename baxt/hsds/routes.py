"""GET /hsds/services and /hsds/services/{id}: the directory as HSDS 3.0 JSON, for any caller
with a valid bearer token."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any, TypeAlias

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Scope

from baxt.application.directory import ServiceDirectory, ServiceEntry
from baxt.hsds import shape
from baxt.hsds.params import BadQuery, list_query
from baxt.http.bearer import BearerAuth, TokenVerifier, request_principal
from baxt.http.rate_limit import RateLimited, RateLimiter

Endpoint: TypeAlias = Callable[[Request], Awaitable[JSONResponse]]


def hsds_api(
    directory: ServiceDirectory,
    verifier: TokenVerifier,
    *,
    max_per_page: int,
    rate_limiter: RateLimiter | None = None,
) -> ASGIApp:
    """The HSDS routes behind the same bearer check (and rate limit) as /graphql."""

    async def services(request: Request) -> JSONResponse:
        try:
            query = list_query(request.query_params, max_per_page)
        except BadQuery as error:
            return _error(400, error.code, str(error))
        page = await directory.numbered_page(query.search, page=query.page, per_page=query.per_page)
        contents = await _nested(directory, page.entries)
        return JSONResponse(_page(page.total, query.page, query.per_page, contents))

    async def one_service(request: Request) -> JSONResponse:
        entry = await directory.service(request.path_params["id"])
        if entry is None:
            return _error(404, "NOT_FOUND", "no such service in the directory")
        (nested,) = await _nested(directory, [entry])
        return JSONResponse(nested)

    router = Router(
        routes=[
            Route("/services", _signed_in(services), methods=["GET"]),
            Route("/services/{id}", _signed_in(one_service), methods=["GET"]),
        ]
    )
    app: ASGIApp = router if rate_limiter is None else RateLimited(router, rate_limiter, _caller)
    return BearerAuth(app, verifier)


def _page(total: int, number: int, per_page: int, contents: list[Any]) -> dict[str, Any]:
    """One page of an HSDS list, with the paging fields the standard names."""
    pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": per_page,
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }


async def _nested(directory: ServiceDirectory, entries: list[ServiceEntry]) -> list[Any]:
    owners = await directory.organisations_by_id({e.organisation_id for e in entries})
    places = await directory.locations_by_id({i for e in entries for i in e.location_ids})
    return [
        shape.service(e, owners[e.organisation_id], [places[i] for i in e.location_ids])
        for e in entries
    ]


def _signed_in(endpoint: Endpoint) -> Endpoint:
    """The endpoint, answering 401 to a request the bearer check let through without a token
    (it lets browsers' page loads through, for GraphiQL)."""

    async def checked(request: Request) -> JSONResponse:
        if request_principal(request.scope) is None:
            return _error(401, "UNAUTHENTICATED", "send the header 'Authorization: Bearer <token>'")
        return await endpoint(request)

    return checked


def _error(status: int, code: str, message: str) -> JSONResponse:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status)


def _caller(scope: Scope) -> str:
    principal = request_principal(scope)
    return f"user:{principal.user}" if principal else "anonymous"
