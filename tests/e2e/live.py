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

from tests.e2e.client import GraphQLClient
from tests.factories import child
from tests.operations import CASE_FIELDS, child_input, flag_child, record_contact_attempt

CASE_CHANGED = "subscription($id: ID!) { caseChanged(id: $id) { ...CaseFields } }" + CASE_FIELDS
ID_ONLY = "case { id version } userErrors { code }"
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
        # gql sends the subscribe message inside its generator and tells nobody; its listener
        # appears once it has.
        while set(self._socket.listeners) <= before and not task.done():  # noqa: ASYNC110
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


async def flagged(gql: GraphQLClient, mahalla: str = "Bunyodkor") -> str:
    """A case flagged in the mahalla (Chilonzor, Tashkent); its global ID."""
    household = {
        "guardianName": "Karimova Dilnoza",
        "guardianPhone": "+998901234567",
        "region": "Toshkent shahri",
        "district": "Chilonzor",
        "mahalla": mahalla,
    }
    payload = await flag_child(
        gql,
        child=child_input(child()),
        household=household,
        source="MAHALLA_TEAM",
        selection=ID_ONLY,
    )
    case_id: str = payload["case"]["id"]
    return case_id


async def called(gql: GraphQLClient, case_id: str) -> int:
    """Records an unanswered call to the family; the case's version after it."""
    payload = await record_contact_attempt(gql, case_id, outcome="NO_ANSWER", selection=ID_ONLY)
    assert payload["userErrors"] == [], payload
    version: int = payload["case"]["version"]
    return version
