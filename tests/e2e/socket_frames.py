"""A graphql-transport-ws connection spoken frame by frame, for the messages a well-behaved
client (such as `gql`) never sends, and to read the code a socket is closed with."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from tests.e2e.live import WAIT, socket_url

PROTOCOL = "graphql-transport-ws"


@asynccontextmanager
async def raw_socket(
    http_url: str, authorization: str | None = None
) -> AsyncIterator[ClientConnection]:
    """A connection opened with the protocol's subprotocol, not yet initialised."""
    headers = {"Authorization": authorization} if authorization else None
    async with connect(
        socket_url(http_url),
        subprotocols=[Subprotocol(PROTOCOL)],
        additional_headers=headers,
    ) as socket:
        yield socket


async def send(socket: ClientConnection, message: dict[str, Any] | str) -> None:
    await socket.send(message if isinstance(message, str) else json.dumps(message))


async def receive(socket: ClientConnection) -> dict[str, Any]:
    """The next message; fails the test when none comes."""
    found: dict[str, Any] = json.loads(await asyncio.wait_for(socket.recv(), WAIT))
    return found


async def closed_with(socket: ClientConnection) -> tuple[int, str]:
    """The code and reason the server closed the socket with, skipping messages before."""
    try:
        while True:
            await asyncio.wait_for(socket.recv(), WAIT)
    except ConnectionClosed as closed:
        frame = closed.rcvd
    assert frame is not None, "the server closed without a close frame"
    return frame.code, frame.reason


async def initialised(socket: ClientConnection, token: str | None = None) -> None:
    """Sends `connection_init` (with the token, if given) and waits for its ack."""
    payload = {"Authorization": f"Bearer {token}"} if token else {}
    await send(socket, {"type": "connection_init", "payload": payload})
    assert (await receive(socket))["type"] == "connection_ack"


def subscribe(operation_id: str, query: str, **variables: Any) -> dict[str, Any]:
    return {
        "id": operation_id,
        "type": "subscribe",
        "payload": {"query": query, "variables": variables},
    }
