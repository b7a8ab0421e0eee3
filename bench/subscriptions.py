"""Subscriptions: the latency from a change's commit to each of 50 subscribers' `caseChanged`
message over WebSocket, against a raw LISTEN/NOTIFY round trip to 50 psycopg listeners, in the
same run, on the same database.

Run from the repository root: python -m bench.subscriptions [--changes N] [--subscribers S]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import psycopg
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from baxt.application.access.principal import Role
from baxt.application.cases.application import CaseApplication
from baxt.domain.case import Case
from baxt.domain.values import ContactOutcome
from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.core.node import global_id
from baxt.http.local_issuer import LocalIssuer
from baxt.migrations import apply_migrations
from bench._db import durability, log, positive_int, progress, scratch_database
from bench._figures import Figure, add_json_option, record, write_figures
from bench.api import (
    JWT_SECRET,
    MAHALLA,
    _free_port,
    api_command,
    api_environment,
    seed,
    serving,
)
from bench.write_path import case_application

SUBSCRIBERS = 50
CHANGES = 100
RAW_CHANNEL = "bench_raw"
SUBSCRIPTION = """subscription($id: ID!) { caseChanged(id: $id) {
  id version contactAttempts status child { fullName } household { mahalla } } }"""


async def subscribed(url: str, token: str, case_id: str) -> ClientConnection:
    """A graphql-transport-ws connection subscribed to the case, once the server listens."""
    socket = await connect(url, subprotocols=[Subprotocol("graphql-transport-ws")])
    payload = {"Authorization": f"Bearer {token}"}
    await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
    assert json.loads(await socket.recv())["type"] == "connection_ack"
    subscribe = {"query": SUBSCRIPTION, "variables": {"id": case_id}}
    await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscribe}))
    await socket.send(json.dumps({"type": "ping"}))
    assert json.loads(await socket.recv())["type"] == "pong"
    return socket


async def read_versions(socket: ClientConnection, into: asyncio.Queue[tuple[int, float]]) -> None:
    """Queues each message's case version with the moment it arrived, until the socket closes."""
    async for raw in socket:
        arrived = time.perf_counter()
        message = json.loads(raw)
        if message["type"] != "next" or "errors" in message["payload"]:
            raise RuntimeError(f"the subscription answered {message}")
        await into.put((int(message["payload"]["data"]["caseChanged"]["version"]), arrived))


async def arrival_of(version: int, arrivals: asyncio.Queue[tuple[int, float]]) -> float:
    """When the message showing `version` arrived; messages of earlier versions are passed over
    (a command may store more than one event, such as a call and the escalation it causes)."""
    while True:
        shown, arrived = await arrivals.get()
        if shown >= version:
            return arrived


def record_call(app: CaseApplication, case_id: UUID) -> tuple[int, float]:
    """One call recorded and committed; the case's new version and the moment its saving
    began (so a latency includes the commit itself)."""
    case: Case = app.repository.get(case_id)
    case.record_contact_attempt(
        outcome=ContactOutcome.NO_ANSWER, visit_scheduled_at=None, note="", actor="bench"
    )
    saving = time.perf_counter()
    app.save(case)
    return case.version, saving


async def baxt_latencies(
    app: CaseApplication, case_id: UUID, sockets: Sequence[ClientConnection], changes: int
) -> list[float]:
    """Seconds from each change's commit to each subscriber's message of it."""
    queues: list[asyncio.Queue[tuple[int, float]]] = [asyncio.Queue() for _ in sockets]
    readers = [
        asyncio.create_task(read_versions(s, q)) for s, q in zip(sockets, queues, strict=True)
    ]
    latencies: list[float] = []
    try:
        for n in range(changes):
            version, committed = await asyncio.to_thread(record_call, app, case_id)
            arrivals = await asyncio.gather(*(arrival_of(version, q) for q in queues))
            latencies += [arrived - committed for arrived in arrivals]
            progress("baxt changes", n + 1, changes)
    finally:
        for reader in readers:
            reader.cancel()
    return latencies


@asynccontextmanager
async def raw_listeners(url: str, count: int) -> AsyncIterator[list[psycopg.AsyncConnection[Any]]]:
    async with AsyncExitStack() as stack:
        listeners = []
        for _ in range(count):
            conn = await psycopg.AsyncConnection.connect(url, autocommit=True)
            await stack.enter_async_context(conn)
            await conn.execute(f"LISTEN {RAW_CHANNEL}")
            listeners.append(conn)
        yield listeners


async def heard(conn: psycopg.AsyncConnection[Any]) -> tuple[str, float]:
    async for notice in conn.notifies(stop_after=1):
        return notice.payload, time.perf_counter()
    raise RuntimeError("the listener stopped")


def _connect(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(url, autocommit=True)


def notify(conn: psycopg.Connection[Any], payload: str) -> float:
    """One NOTIFY committed; the moment its statement was sent (as `record_call`)."""
    sending = time.perf_counter()
    conn.execute("SELECT pg_notify(%s, %s)", (RAW_CHANNEL, payload))
    return sending


async def raw_latencies(url: str, count: int, changes: int) -> list[float]:
    """Seconds from each NOTIFY's commit to each of `count` listeners hearing it."""
    latencies: list[float] = []
    async with raw_listeners(url, count) as listeners:
        sender: psycopg.Connection[Any] = await asyncio.to_thread(_connect, url)
        for n in range(changes):
            hearing = [asyncio.create_task(heard(conn)) for conn in listeners]
            await asyncio.sleep(0)
            committed = await asyncio.to_thread(notify, sender, str(n))
            for payload, arrived in await asyncio.gather(*hearing):
                assert payload == str(n)
                latencies.append(arrived - committed)
            progress("raw notifies", n + 1, changes)
        sender.close()
    return latencies


def percentile(values: Sequence[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def report(baxt: list[float], raw: list[float], subscribers: int) -> None:
    rows = [("baxt caseChanged over WebSocket", baxt), ("raw LISTEN/NOTIFY", raw)]
    print(f"\n{subscribers} subscribers; from the start of each commit to each message\n")
    print(f"{'run':<34} {'messages':>9} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}")
    for label, values in rows:
        p50, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
        print(f"{label:<34} {len(values):>9} {p50:>9.2f} {p99:>9.2f} {max(values) * 1000:>9.2f}")
    print(
        f"\nbaxt / raw: p50 {percentile(baxt, 0.5) / percentile(raw, 0.5):.1f}x,"
        f" p99 {percentile(baxt, 0.99) / percentile(raw, 0.99):.1f}x"
    )
    for share in (0.5, 0.99):
        name = f"p{round(share * 100)}"
        ours, base = percentile(baxt, share) * 1000, percentile(raw, share) * 1000
        baseline = f"raw LISTEN/NOTIFY {name}"
        record(
            Figure(f"baxt caseChanged {name}", ours, "ms", len(baxt), baseline, base, ours / base)
        )
        record(Figure(baseline, base, "ms", len(raw)))


async def measure(url: str, port: int, case_id: UUID, args: argparse.Namespace) -> list[float]:
    """Seconds from the start of each change's commit to each subscriber's message."""
    token = LocalIssuer(JWT_SECRET.encode()).issue(
        "bench.live", Role.CASEWORKER, hours=1, scope={"mahallas": [MAHALLA]}
    )
    socket_url = f"ws://127.0.0.1:{port}/graphql"
    shown_id = global_id(CASE_TYPE, str(case_id))
    sockets = [await subscribed(socket_url, token, shown_id) for _ in range(args.subscribers)]
    app = case_application(url)
    try:
        baxt = await baxt_latencies(app, case_id, sockets, args.changes)
    finally:
        app.close()
        for socket in sockets:
            await socket.close()
    return baxt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=positive_int, default=CHANGES)
    parser.add_argument("--subscribers", type=positive_int, default=SUBSCRIBERS)
    add_json_option(parser)
    args = parser.parse_args()
    with scratch_database() as url:
        log(durability(url))
        apply_migrations(url)
        [case_id] = seed(url, 1)
        # The baseline first, before the API holds its connections on a shared server.
        raw = asyncio.run(raw_latencies(url, args.subscribers, args.changes))
        port = _free_port()
        command = [*api_command(port), "--projections", "--no-workers"]
        with serving(command, api_environment(url), f"http://127.0.0.1:{port}/healthz"):
            log(f"{datetime.now(UTC):%H:%M:%S} API up; subscribing {args.subscribers}")
            baxt = asyncio.run(measure(url, port, case_id, args))
    report(baxt, raw, args.subscribers)
    write_figures(args.json)


if __name__ == "__main__":
    main()
