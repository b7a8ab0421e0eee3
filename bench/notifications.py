"""Notification delivery: SMS/s through Baxt's Delivery to a local gateway, against plain POSTs.

Run from the repository root: python -m bench.notifications [--messages M] [--threads T]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized
from typing import Any
from uuid import UUID

import httpx
import psycopg
from dramatiq.brokers.stub import StubBroker
from eventsourcing.projection import ProjectionRunner

from baxt.application.cases.application import CaseApplication
from baxt.application.roster import save_roster
from baxt.bootstrap import delivery, event_store_env
from baxt.config import Settings
from baxt.domain.case import Case
from baxt.domain.staff import StaffMember, StaffRole
from baxt.domain.values import Visit
from baxt.migrations import apply_migrations
from baxt.projections.notifier import NotifierView, notifier_runner
from baxt.workers.jobs import declare_delivery_actor
from baxt.workers.templates import render
from bench._db import (
    Stopwatch,
    Timing,
    durability,
    log,
    positive_int,
    print_table,
    progress,
    scratch_database,
)
from bench._figures import add_json_option, write_figures
from bench.planning import MAHALLAS, REGION, flagged_case
from bench.write_path import case_application

WORKER_THREADS = 4  # `baxt worker --threads` default
SEED_BATCH = 500  # cases to each CaseApplication.save: 1000 events, one transaction
PUBLIC_URL = "https://baxt.example.uz"
NOTIFIER_TIMEOUT = 600.0
ACTOR = "bench.caseworker"
_PENDING = (
    "SELECT id, case_id, kind, address, language FROM notification"
    " WHERE status IN ('PENDING', 'RETRYING') ORDER BY urgent DESC, created_at, id"
)


# The SMS gateway: a real HTTP receiver in its own process, so it takes no time from the senders.


@dataclass(frozen=True)
class Gateway:
    url: str
    counter: Synchronized[int]

    @property
    def received(self) -> int:
        return self.counter.value


def _serve(port: Connection, received: Synchronized[int]) -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with received.get_lock():
                received.value += 1
            self.send_response(202)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port.send(server.server_address[1])
    server.serve_forever()


@contextmanager
def sms_gateway() -> Iterator[Gateway]:
    """An HTTP SMS gateway on a free local port that answers 202 and counts what it receives."""
    context = multiprocessing.get_context("spawn")
    received: Synchronized[int] = context.Value("q", 0)
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(child, received), daemon=True)
    process.start()
    try:
        if not parent.poll(30):
            raise RuntimeError("the SMS gateway did not start")
        yield Gateway(f"http://127.0.0.1:{parent.recv()}/sms", received)
    finally:
        process.terminate()
        process.join()


# The workload: safety concerns found on visits, which the notifier turns into SMS messages.


def supervisors() -> list[StaffMember]:
    """One supervisor per district, reachable by SMS only: one message a safety concern."""
    return [supervisor(district, f"+9987120000{n:02d}") for n, district in enumerate(MAHALLAS)]


def supervisor(district: str, phone: str) -> StaffMember:
    return StaffMember(
        f"sup.{district}".lower(), f"Bench Supervisor {district}", StaffRole.SUPERVISOR,
        None, phone, "uz-Latn", REGION, district, (), 0,
    )  # fmt: skip


def visited_case(app: CaseApplication, index: int, now: datetime) -> Case:
    case = flagged_case(app, index, now)
    seen = Visit(
        visited_at=now - timedelta(hours=1),
        child_seen=True,
        guardian_present=False,
        observations="Bruises; the child is afraid to go home",
        safety_concern=True,
    )
    case.record_visit(visit=seen, actor=ACTOR, now=now)
    return case


def seed_visits(url: str, cases: int) -> int:
    """Flags `cases` children and records a visit with a safety concern on each; returns the
    last notification ID."""
    app = case_application(url)
    now = datetime.now(UTC)
    try:
        for start in range(0, cases, SEED_BATCH):
            stop = min(start + SEED_BATCH, cases)
            app.save(*(visited_case(app, index, now) for index in range(start, stop)))
            progress("flagging and visiting", stop, cases)
        last_id = app.recorder.max_notification_id()
    finally:
        app.close()
    if last_id is None:
        raise RuntimeError("no events were written")
    return last_id


def run_notifier(url: str, last_id: int) -> Timing:
    """Runs the notifier, the projection that writes the outbox, until it has tracked `last_id`."""
    with Stopwatch() as watch, notifier_runner(event_store_env(url)) as runner:
        deadline = time.monotonic() + NOTIFIER_TIMEOUT
        while not tracked(runner, last_id):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the notifier did not reach notification {last_id}")
            at = runner.view.max_tracking_id(CaseApplication.name) or 0
            progress("notifier, tracked notification", min(at, last_id - 1), last_id)
        progress("notifier, tracked notification", last_id, last_id)
    return Timing("notifier (events to outbox)", last_id, watch.seconds)


def tracked(runner: ProjectionRunner[CaseApplication, NotifierView], last_id: int) -> bool:
    try:
        runner.wait(last_id, timeout=0.5)
    except TimeoutError:
        return False
    return True


@dataclass(frozen=True)
class Message:
    """A pending notification, and the JSON that HttpSmsChannel posts for it."""

    id: UUID
    body: dict[str, str]


def pending_messages(url: str) -> list[Message]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(_PENDING).fetchall()
    return [Message(r[0], sms_body(r[1], r[2], r[3], r[4])) for r in rows]


def sms_body(case_id: UUID, kind: str, address: str, language: str) -> dict[str, str]:
    text = render(kind, language, case_id, PUBLIC_URL)
    return {"to": address, "text": f"{text.subject}. {text.body}"}


def statuses(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM notification WHERE channel = 'SMS' GROUP BY status"
        ).fetchall()
    return {row[0]: row[1] for row in rows}


# The runs: the same messages, the same gateway, the same number of threads.


def in_threads(
    label: str, send: Callable[[Message], object], messages: Sequence[Message], threads: int
) -> Timing:
    with Stopwatch() as watch, ThreadPoolExecutor(threads) as pool:
        for done, _ in enumerate(pool.map(send, messages), start=1):
            if done % 100 == 0 or done == len(messages):
                progress(label, done, len(messages))
    return Timing(label, len(messages), watch.seconds)


def baxt_delivery(url: str, gateway: Gateway, messages: Sequence[Message], threads: int) -> Timing:
    """The worker's Delivery, built by the bootstrap, called through the actor's own function."""
    settings = Settings(sms_gateway_url=gateway.url, smtp_host=None, public_url=PUBLIC_URL)
    sender = delivery(settings, url)
    broker = StubBroker()
    deliver = declare_delivery_actor(broker, lambda: sender)
    try:
        return in_threads(
            f"baxt Delivery ({threads} threads)",
            lambda message: deliver(str(message.id)),
            messages,
            threads,
        )
    finally:
        broker.close()


def raw_posts(gateway: Gateway, messages: Sequence[Message], threads: int) -> Timing:
    """httpx.post per message, which opens a client each time, as HttpSmsChannel does."""

    def post(message: Message) -> None:
        headers = {"Idempotency-Key": str(message.id)}
        httpx.post(gateway.url, json=message.body, headers=headers).raise_for_status()

    return in_threads(f"raw httpx.post ({threads} threads)", post, messages, threads)


def raw_client_posts(gateway: Gateway, messages: Sequence[Message], threads: int) -> Timing:
    """The same POSTs through one shared httpx.Client."""
    with httpx.Client() as client:

        def post(message: Message) -> None:
            headers = {"Idempotency-Key": str(message.id)}
            client.post(gateway.url, json=message.body, headers=headers).raise_for_status()

        return in_threads(f"raw httpx.Client ({threads} threads)", post, messages, threads)


def check_all_received(gateway: Gateway, before: int, expected: int, run: str) -> None:
    got = gateway.received - before
    if got != expected:
        raise RuntimeError(f"{run}: the gateway received {got} messages, not {expected}")


# The benchmark.


@dataclass(frozen=True)
class Results:
    messages: int
    notifier: Timing
    runs: list[Timing]
    server: str


def run(cases: int, threads: int) -> Results:
    with sms_gateway() as gateway, scratch_database() as url:
        apply_migrations(url)
        save_roster(url, supervisors())
        notifier = run_notifier(url, seed_visits(url, cases))
        messages = pending_messages(url)
        log(f"{len(messages)} SMS messages pending in the outbox; gateway at {gateway.url}")
        before = gateway.received
        baxt = baxt_delivery(url, gateway, messages, threads)
        check_all_received(gateway, before, len(messages), baxt.label)
        if (sent := statuses(url)) != {"SENT": len(messages)}:
            raise RuntimeError(f"after delivery the SMS outbox holds {sent}")
        runs = [baxt]
        for raw_run in (raw_posts, raw_client_posts):
            before = gateway.received
            runs.append(raw_run(gateway, messages, threads))
            check_all_received(gateway, before, len(messages), runs[-1].label)
        server = durability(url)
    return Results(len(messages), notifier, runs, server)


def print_results(r: Results) -> None:
    print(f"\nnotification delivery: {r.messages} SMS messages to a local HTTP gateway; {r.server}")
    print(
        "outbox written the real way: flag + visit with a safety concern, then the notifier"
        f" ({r.notifier.rows} events in {r.notifier.seconds:.1f} s)"
    )
    print("rows are messages delivered (baxt: row locked, sent, marked SENT)")
    print_table(r.runs, r.runs[1:])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.notifications", description=__doc__)
    parser.add_argument(
        "--messages",
        type=positive_int,
        default=2000,
        help="safety concerns, one SMS each, written through the notifier (2000)",
    )
    parser.add_argument(
        "--threads",
        type=positive_int,
        default=WORKER_THREADS,
        help=f"delivery threads, for Baxt and the baselines ({WORKER_THREADS}, as `baxt worker`)",
    )
    add_json_option(parser)
    args = parser.parse_args(argv)
    print_results(run(args.messages, args.threads))
    write_figures(args.json)


if __name__ == "__main__":
    main()
