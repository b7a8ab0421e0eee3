"""Subscribers of the API's GraphQL subscriptions, over graphql-transport-ws with the `gql`
client, as a frontend subscribes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportError
from gql.transport.websockets import WebsocketsTransport

WAIT = 30.0
"""Seconds a test waits for a message it expects; it only bounds a failing test."""


def socket_url(http_url: str) -> str:
    return http_url.replace("http://", "ws://", 1) + "/graphql"


def transport(http_url: str, token: str | None) -> WebsocketsTransport:
    """A graphql-transport-ws transport whose `connection_init` carries the token."""
    return WebsocketsTransport(
        url=socket_url(http_url),
        init_payload={"Authorization": f"Bearer {token}"} if token else {},
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )


class Subscriber:
    """One connection's subscriptions; each one's messages are queued as they come."""

    def __init__(self, session: Any, socket: WebsocketsTransport) -> None:
        self._session = session
        self._socket = socket
        self._tasks: list[asyncio.Task[None]] = []

    async def follow(
        self, document: str, variables: dict[str, Any] | None = None
    ) -> asyncio.Queue[Any]:
        """Subscribes; returns the queue of its data (or the error that ended it), once the
        server listens for it: its answer to a ping comes only after that."""
        received: asyncio.Queue[Any] = asyncio.Queue()
        before = set(self._socket.listeners)
        task = asyncio.create_task(self._consume(document, variables, received))
        self._tasks.append(task)
        while set(self._socket.listeners) <= before and not task.done():
            await asyncio.sleep(0.01)
        self._socket.pong_received.clear()
        await self._socket.send_ping()
        await asyncio.wait_for(self._socket.pong_received.wait(), WAIT)
        return received

    async def _consume(
        self, document: str, variables: dict[str, Any] | None, received: asyncio.Queue[Any]
    ) -> None:
        try:
            request = GraphQLRequest(document, variable_values=variables)
            async for result in self._session.subscribe(request):
                await received.put(result)
        except TransportError as error:
            await received.put(error)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task


@asynccontextmanager
async def subscriber(http_url: str, token: str) -> AsyncIterator[Subscriber]:
    """A connection to the API's subscriptions, acknowledged, for `token`'s caller."""
    socket = transport(http_url, token)
    async with Client(transport=socket) as session:
        live = Subscriber(session, socket)
        try:
            yield live
        finally:
            await live.close()


async def next_message(received: asyncio.Queue[Any]) -> Any:
    """The next message; fails the test when none comes."""
    return await asyncio.wait_for(received.get(), WAIT)
