"""The WebSocket holds to the graphql-transport-ws protocol's close codes and to the HTTP
rules: the token (4403), the rate limit (4429 and RATE_LIMITED), subscriptions only."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from gql.transport.exceptions import TransportError

from baxt.application.access.principal import Role
from baxt.config import Settings
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.e2e.live import CASE_CHANGED, called, flagged, subscriber
from tests.e2e.socket_frames import (
    closed_with,
    initialised,
    raw_socket,
    receive,
    send,
    subscribe,
)
from tests.serving import DEFAULT_SCOPES, RunningServer, running_api

LIMIT = 8
NOTIFICATIONS = "subscription { notificationAdded { id } }"


@pytest.fixture(scope="module")
def limited(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The whole system, with a rate limit small enough to reach."""
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path_factory.mktemp("limited"),
            read_your_writes_timeout=10,
            rate_limit=f"{LIMIT}/minute",
        )
        with running_api(settings) as server:
            yield server


def bearer(server: RunningServer, user: str, role: Role = Role.CASEWORKER) -> str:
    return f"Bearer {server.token(user, role)}"


async def test_a_connection_init_without_a_valid_token_is_closed_with_4403(
    limited: RunningServer,
) -> None:
    for token in (None, "not-a-token"):
        async with raw_socket(limited.url) as socket:
            await send(socket, {"type": "connection_init", "payload": {"Authorization": token}})
            assert await closed_with(socket) == (4403, "Forbidden")


async def test_the_gql_client_is_refused_an_expired_token(limited: RunningServer) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=3)
    expired = limited.issuer.issue("cw.expired", Role.CASEWORKER, hours=1, now=long_ago)

    with pytest.raises(TransportError) as refused:
        async with subscriber(limited.url, expired):
            pass

    assert _close_code(refused.value) == 4403


async def test_a_token_that_expires_while_subscribed_closes_the_socket_with_4403(
    limited: RunningServer,
) -> None:
    async with limited.http() as http:
        caseworker = GraphQLClient(http, limited.token("cw.expiring"))
        case_id = await flagged(caseworker)
        for lifetime in (5, 20, 60):
            ends = datetime.now(UTC) + timedelta(seconds=lifetime)
            scope = DEFAULT_SCOPES[Role.CASEWORKER]
            token = limited.issuer.issue(
                "cw.expiring", Role.CASEWORKER, hours=lifetime / 3600, scope=scope
            )
            async with raw_socket(limited.url) as socket:
                await initialised(socket, token)
                await send(socket, subscribe("1", CASE_CHANGED, id=case_id))
                await send(socket, {"type": "ping"})
                assert (await receive(socket))["type"] == "pong"
                if datetime.now(UTC) >= ends - timedelta(seconds=1):
                    continue  # this machine took the whole lifetime to subscribe; longer
                await asyncio.sleep((ends - datetime.now(UTC)).total_seconds() + 1.5)
                await called(caseworker, case_id)
                assert await closed_with(socket) == (4403, "Forbidden")
                return
    pytest.fail("the connection could never subscribe within a token's lifetime")


async def test_subscribing_before_the_connection_is_acknowledged_closes_with_4401(
    limited: RunningServer,
) -> None:
    async with raw_socket(limited.url, bearer(limited, "cw.hasty")) as socket:
        await send(socket, subscribe("1", NOTIFICATIONS))
        assert await closed_with(socket) == (4401, "Unauthorized")


async def test_a_message_that_is_not_the_protocols_closes_with_4400(
    limited: RunningServer,
) -> None:
    for message in ("not json", {"type": "shout"}, {"no": "type"}):
        async with raw_socket(limited.url, bearer(limited, "cw.garbled")) as socket:
            await initialised(socket)
            await send(socket, message)
            assert (await closed_with(socket))[0] == 4400


async def test_a_second_subscription_under_an_id_in_use_closes_with_4409(
    limited: RunningServer,
) -> None:
    async with raw_socket(limited.url, bearer(limited, "sup.twice", Role.SUPERVISOR)) as socket:
        await initialised(socket)
        await send(socket, subscribe("same", NOTIFICATIONS))
        await send(socket, subscribe("same", NOTIFICATIONS))
        assert await closed_with(socket) == (4409, "Subscriber for same already exists")


async def test_a_second_connection_init_closes_with_4429(limited: RunningServer) -> None:
    async with raw_socket(limited.url, bearer(limited, "cw.again")) as socket:
        await initialised(socket)
        await send(socket, {"type": "connection_init"})
        assert await closed_with(socket) == (4429, "Too many initialisation requests")


async def test_a_query_over_the_socket_is_sent_to_http(limited: RunningServer) -> None:
    async with raw_socket(limited.url, bearer(limited, "cw.query")) as socket:
        await initialised(socket)
        await send(socket, subscribe("q", "{ myQueue { id } }"))
        answer = await receive(socket)

    assert (answer["id"], answer["type"]) == ("q", "error")
    assert answer["payload"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_subscribing_past_the_rate_limit_is_refused_and_so_is_the_next_connection(
    limited: RunningServer,
) -> None:
    token = limited.token("sup.eager", Role.SUPERVISOR)
    answers = []
    async with raw_socket(limited.url) as socket:
        await initialised(socket, token)
        for n in range(LIMIT):
            await send(socket, subscribe(str(n), NOTIFICATIONS))
        await send(socket, {"type": "ping"})
        while (answer := await receive(socket))["type"] != "pong":
            answers.append(answer)
    async with raw_socket(limited.url) as again:
        await send(
            again, {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
        )
        code, reason = await closed_with(again)

    refused = [a["id"] for a in answers if a["payload"][0]["extensions"]["code"] == "RATE_LIMITED"]
    assert refused == [str(LIMIT - 1)], "connection_init and the first subscriptions fit the limit"
    assert code == 4429
    assert reason.startswith("too many requests")


def _close_code(error: BaseException) -> int | None:
    """The WebSocket close code behind a gql transport error."""
    seen: BaseException | None = error
    while seen is not None:
        rcvd = getattr(seen, "rcvd", None)
        if rcvd is not None:
            return int(rcvd.code)
        code = getattr(seen, "code", None)
        if isinstance(code, int):
            return code
        seen = seen.__cause__ or seen.__context__
    return None
