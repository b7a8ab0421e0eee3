"""The bearer check in front of /graphql and /hsds: who sent a request, from its token.

It imports neither the GraphQL package nor the HSDS routes, so both can stand behind it and
the app can mount both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Protocol

from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from baxt.application.access.principal import Principal, Unauthenticated

_PRINCIPAL = "baxt.principal"
_OPERATION_PARAMETERS = frozenset(
    {"query", "documentId", "variables", "operationName", "extensions"}
)


class TokenVerifier(Protocol):
    """Turns a bearer token into the principal it speaks for, or raises Unauthenticated."""

    def verify(self, token: str) -> Principal: ...


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer …` header."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("send the header 'Authorization: Bearer <token>'")
    return token.strip()


def is_ide_page_request(method: str, parameters: Iterable[str], accept: str) -> bool:
    """Whether a request asks for the GraphiQL page: a browser's GET naming no operation.

    Decided on the parsed query string (the parse the GraphQL view itself reads), so no
    spelling of a parameter can run an operation while passing for a page load.
    """
    return (
        method == "GET"
        and _OPERATION_PARAMETERS.isdisjoint(parameters)
        and "text/html" in accept.lower()
    )


def request_principal(scope: Scope) -> Principal | None:
    """Who sent the request, once the bearer check has let it through; None before or without."""
    principal: Principal | None = scope.get(_PRINCIPAL)
    return principal


class BearerAuth:
    """Lets through only requests with a valid bearer token; 401 with a GraphQL error otherwise.

    With `ide_page` (never in production), a browser's GET for the GraphiQL page, naming no
    operation, needs no token. A WebSocket handshake may bring its token in the protocol's
    `connection_init` instead (browsers cannot set headers on one), where the GraphQL view
    checks it; a handshake whose Authorization header is not valid is refused.
    """

    def __init__(self, app: ASGIApp, verifier: TokenVerifier, *, ide_page: bool = False) -> None:
        self._app = app
        self._verifier = verifier
        self._ide_page = ide_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        authorization = Headers(scope=scope).get("authorization")
        if scope["type"] not in ("http", "websocket") or self._page_load(scope):
            await self._app(scope, receive, send)
            return
        if scope["type"] == "websocket" and authorization is None:
            await self._app(scope, receive, send)  # its token comes in `connection_init`
            return
        try:
            principal = self._verifier.verify(bearer_token(authorization))
        except Unauthenticated as error:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            else:
                await _unauthenticated(str(error), send)
            return
        scope[_PRINCIPAL] = principal
        await self._app(scope, receive, send)

    def _page_load(self, scope: Scope) -> bool:
        if not self._ide_page or scope["type"] != "http":
            return False
        parameters = QueryParams(scope.get("query_string", b"")).keys()
        accept = Headers(scope=scope).get("accept", "")
        return is_ide_page_request(scope["method"], parameters, accept)


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
