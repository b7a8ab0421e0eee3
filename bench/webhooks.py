"""Webhook delivery: signed deliveries/s through Baxt's sender, against raw POSTs of the body.

Run from the repository root: python -m bench.webhooks [--deliveries N]

Both runs post the same body to the same local receiver, one at a time. Baxt's run also locks
the delivery's row, signs with the reference Standard Webhooks library and records the attempt.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from uuid import UUID, uuid4

import httpx
import psycopg

from baxt.application.webhooks.backoff import RetryPolicy
from baxt.application.webhooks.delivery import WebhookSender
from baxt.application.webhooks.notices import PartnerNotice
from baxt.application.webhooks.registry import EndpointRegistry
from baxt.application.webhooks.scope import WebhookScope
from baxt.migrations import apply_migrations
from bench._db import (
    Stopwatch,
    Timing,
    durability,
    log,
    positive_int,
    print_table,
    scratch_database,
)
from bench._figures import add_json_option, write_figures

_INSERT = """
INSERT INTO webhook_delivery (id, endpoint_id, organisation_id, event_type, case_id, referral_id,
                              event_version, payload, next_attempt_at, created_at, updated_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, now(), now(), now())
"""


@contextmanager
def receiver() -> Iterator[str]:
    """A local endpoint that takes every post with 204."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hooks"
    finally:
        server.shutdown()
        server.server_close()


def queue(url: str, endpoint_id: UUID, deliveries: int) -> list[tuple[UUID, str]]:
    """`deliveries` rows as the follower writes them: one notice each, to the one endpoint."""
    now = datetime.now(UTC)
    notices = [
        PartnerNotice("org.bench", "referral.created", uuid4(), str(uuid4()), n, now)
        for n in range(1, deliveries + 1)
    ]
    rows = [
        (n.delivery_id(endpoint_id), endpoint_id, n.organisation_id, n.event_type, n.case_id,
         n.referral_id, n.version, n.payload())
        for n in notices
    ]  # fmt: skip
    with psycopg.connect(url) as conn:
        conn.cursor().executemany(_INSERT, rows)
    return [(row[0], row[7]) for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deliveries", type=positive_int, default=1000)
    add_json_option(parser)
    args = parser.parse_args()
    with scratch_database() as url, receiver() as endpoint_url:
        apply_migrations(url)
        log(f"database: {durability(url)}")
        registry = EndpointRegistry(url, production=False)
        made = registry.register(
            WebhookScope(None), organisation_id="org.bench", url=endpoint_url, actor="bench"
        )
        rows = queue(url, made.endpoint.id, args.deliveries)
        with httpx.Client() as client, Stopwatch() as raw:
            for _, body in rows:
                client.post(endpoint_url, content=body)
        sender = WebhookSender(url, RetryPolicy(1.0, 60.0, 5))
        with Stopwatch() as signed:
            for delivery_id, _ in rows:
                sender.deliver(delivery_id)
        sender.close()
    baseline = Timing("raw httpx POST", args.deliveries, raw.seconds)
    print_table([Timing("signed delivery, recorded", args.deliveries, signed.seconds)], [baseline])
    write_figures(args.json)


if __name__ == "__main__":
    main()
