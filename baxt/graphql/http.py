from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.schema import BaseSchema

from baxt.graphql.context import Context, Services
from baxt.graphql.schema import schema
from baxt.identity import Principal, TokenVerifier, Unauthenticated, bearer_token

_PRINCIPAL = "baxt.principal"


class BaxtGraphQL(GraphQL[Context, None]):
    """The GraphQL endpoint; GraphiQL is served to browsers at the same path."""

    def __init__(
        self, services: Services, *, graphiql: bool = True, schema: BaseSchema = schema
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql" if graphiql else None)
        self._services = services

    async def get_context(self, request: Any, response: Any) -> Context:
        principal: Principal | None = request.scope.get(_PRINCIPAL)
        return Context(request, response, principal, self._services)


def request_principal(scope: Scope) -> Principal | None:
    """Who sent the request, once the bearer check has let it through; None before or without."""
    principal: Principal | None = scope.get(_PRINCIPAL)
    return principal


class BearerAuth:
    """Lets through only requests with a valid bearer token; 401 with a GraphQL error otherwise.

    A browser's plain GET for the GraphiQL page needs no token.
    """

    def __init__(self, app: ASGIApp, verifier: TokenVerifier) -> None:
        self._app = app
        self._verifier = verifier

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _is_graphiql_page(scope):
            await self._app(scope, receive, send)
            return
        request = Request(scope)
        try:
            principal = self._verifier.verify(bearer_token(request.headers.get("authorization")))
        except Unauthenticated as error:
            await _unauthenticated(str(error), send)
            return
        scope[_PRINCIPAL] = principal
        await self._app(scope, receive, send)


def _is_graphiql_page(scope: Scope) -> bool:
    if scope["method"] != "GET" or b"query=" in scope.get("query_string", b""):
        return False
    accept = dict(scope["headers"]).get(b"accept", b"")
    return b"text/html" in accept


async def _unauthenticated(message: str, send: Send) -> None:
    body = json.dumps(
        {"data": None, "errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"www-authenticate", b'Bearer realm="baxt"'),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
