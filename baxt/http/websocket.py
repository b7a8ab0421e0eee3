"""GraphQL subscriptions over WebSocket, by the graphql-transport-ws protocol, held to the
same rules as HTTP.

- The token comes in `connection_init`'s payload (`{"Authorization": "Bearer <token>"}`), or
  in the upgrade request's Authorization header, and is checked by the same verifier as
  HTTP. A missing, invalid or expired token closes the socket with 4403 (Forbidden); the
  token is checked again before each `subscribe` and each event sent, so once it expires the
  socket is closed with 4403 and nothing more is delivered.
- A connection (its upgrade, or its `connection_init` when the upgrade named nobody) and
  each `subscribe` count against the caller's rate limit (`user:<id>`,
  the key HTTP counts them under): past it, `connection_init` is closed with 4429 and a
  `subscribe` answered with an `error` message coded RATE_LIMITED.
- Only subscriptions are sent this way (queries and mutations go over HTTP, with its time
  limit): any other operation is answered with an `error` coded BAD_REQUEST. Documents are
  found as over HTTP, so with trusted documents only the manifest's run.
- A `pong` answers a `ping` only once every subscription sent before it listens, so a client
  knows from then on nothing committed is missed.
- The protocol's own refusals stand: 4400 for a message that is not one, 4401 for
  `subscribe` before the connection is acknowledged, 4409 for an ID already subscribed,
  4429 for a second `connection_init`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, cast

from graphql import GraphQLError, GraphQLSyntaxError, OperationType, get_operation_ast, parse
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    Message,
    PingMessage,
    SubscribeMessage,
)

from baxt.application.access.principal import Principal, Unauthenticated
from baxt.graphql.core.context import Context
from baxt.graphql.core.persisted import DocumentRefused, MalformedPersistedQuery, PersistedDocuments
from baxt.http.bearer import TokenVerifier, bearer_token, request_principal
from baxt.http.rate_limit import RATE_LIMITED, RateLimiter

FORBIDDEN = 4403
TOO_MANY_REQUESTS = 4429
BAD_REQUEST = "BAD_REQUEST"
_OVER_HTTP = "only subscriptions are sent over the WebSocket; send queries and mutations over HTTP"


class TooManyConnections(Exception):
    """Raised when a caller opens a subscription connection past their rate limit."""


@dataclass(frozen=True)
class SocketGuards:
    """What a WebSocket is held to: the token verifier, the rate limiter (None: no limit)
    and the documents that may run."""

    verifier: TokenVerifier
    limiter: RateLimiter | None
    documents: PersistedDocuments

    def principal(self, context: Context) -> Principal:
        """Who the connection speaks for, from its token; raises Unauthenticated."""
        return self.verifier.verify(bearer_token(connection_authorization(context)))

    async def wait(self, principal: Principal) -> int | None:
        """Counts one request by the principal; the seconds to wait when past the limit."""
        if self.limiter is None:
            return None
        return await self.limiter.retry_after(f"user:{principal.user}")


def connection_authorization(context: Context) -> str | None:
    """The connection's Authorization: from `connection_init`'s payload, else the upgrade's."""
    params = context.connection_params or {}
    for name in ("Authorization", "authorization"):
        value = params.get(name)
        if isinstance(value, str):
            return value
    request = context.request
    return request.headers.get("authorization") if isinstance(request, WebSocket) else None


async def accept_connection(guards: SocketGuards, context: Context) -> None:
    """Checks the token of a `connection_init` and counts it against the caller's rate limit,
    unless the upgrade named the caller and was counted so: raises ConnectionRejectionError
    (closed 4403) or TooManyConnections (closed 4429)."""
    try:
        principal = guards.principal(context)
    except Unauthenticated:
        raise ConnectionRejectionError from None
    counted_at_upgrade = isinstance(context.request, WebSocket) and request_principal(
        context.request.scope
    )
    wait = None if counted_at_upgrade else await guards.wait(principal)
    if wait is not None:
        raise TooManyConnections(f"too many requests; retry in {wait}s")
    context.principal = principal


class GuardedTransportWS(BaseGraphQLTransportWSHandler[Context, None]):
    """Strawberry's graphql-transport-ws handler with Baxt's token, limit and document rules."""

    @property
    def guards(self) -> SocketGuards:
        guards: SocketGuards = cast(Any, self.view).socket_guards
        return guards

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except TooManyConnections as refused:
            await self.websocket.close(code=TOO_MANY_REQUESTS, reason=str(refused))

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if not self.connection_acknowledged or message["id"] in self.operations:
            await super().handle_subscribe(message)
            return
        if not self._token_still_valid():
            await self.websocket.close(code=FORBIDDEN, reason="Forbidden")
            return
        refusal, query = await self._refusal(message)
        if refusal is not None:
            await self.send_message(
                {"id": message["id"], "type": "error", "payload": [refusal.formatted]}
            )
            return
        payload = {**message["payload"], "query": query}
        await super().handle_subscribe(cast(SubscribeMessage, {**message, "payload": payload}))

    async def handle_ping(self, message: PingMessage) -> None:
        # One turn of the loop lets every subscription sent before the ping start listening
        # (nothing before that waits on I/O), so its pong says they all listen.
        await asyncio.sleep(0)
        await super().handle_ping(message)

    async def send_message(self, message: Message) -> None:
        if message["type"] == "next" and not self._token_still_valid():
            await self.websocket.close(code=FORBIDDEN, reason="Forbidden")
            return
        await super().send_message(message)

    def _token_still_valid(self) -> bool:
        try:
            self.guards.principal(self.context)
        except Unauthenticated:
            return False
        return True

    async def _refusal(self, message: SubscribeMessage) -> tuple[GraphQLError | None, str]:
        payload = cast(dict[str, Any], message["payload"])
        try:
            document = self.guards.documents.document(
                payload.get("query"), payload.get("extensions")
            )
        except (DocumentRefused, MalformedPersistedQuery) as refused:
            code = getattr(refused, "code", BAD_REQUEST)
            return GraphQLError(str(refused), extensions={"code": code}), ""
        query = document.text or ""
        if not _is_subscription(query, payload.get("operationName")):
            return GraphQLError(_OVER_HTTP, extensions={"code": BAD_REQUEST}), query
        wait = await self.guards.wait(self.context.caller)
        if wait is not None:
            message_text = f"too many requests; retry in {wait}s"
            return GraphQLError(message_text, extensions={"code": RATE_LIMITED}), query
        return None, query


def _is_subscription(query: str, operation_name: object) -> bool:
    """False only for a document whose chosen operation is surely a query or a mutation; a
    document that does not parse is left to the protocol's own refusal (4400)."""
    try:
        operation = get_operation_ast(
            parse(query), operation_name if isinstance(operation_name, str) else None
        )
    except GraphQLSyntaxError:
        return True
    return operation is None or operation.operation is OperationType.SUBSCRIPTION
