"""A real partner endpoint for the tests: an HTTP server on 127.0.0.1 that verifies every
delivery with the reference Standard Webhooks library and drops repeats by webhook-id."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass(frozen=True)
class Answer:
    """How the receiver answers one post: a status and headers, after `delay` seconds."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Receiver:
    """What the endpoint received. It answers from `script` first, then 200 to everything."""

    secret: str = ""
    script: list[Answer] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    processed: dict[str, Any] = field(default_factory=dict)
    repeats: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def take(self, body: bytes, headers: dict[str, str]) -> Answer:
        try:
            payload = Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError as error:
            with self.lock:
                self.rejected.append(str(error))
            return Answer(401)
        webhook_id = headers.get("webhook-id") or headers.get("Webhook-Id") or ""
        with self.lock:
            self.posts.append(webhook_id)
            answer = self.script.pop(0) if self.script else Answer()
            if 200 <= answer.status < 300 and not answer.delay:
                if webhook_id in self.processed:
                    self.repeats[webhook_id] += 1
                else:
                    self.processed[webhook_id] = payload
        return answer


@contextmanager
def webhook_receiver(secret: str = "", script: list[Answer] | None = None) -> Iterator[Receiver]:
    """A receiver on a free local port; set `secret` to the endpoint's once it is registered."""
    receiver = Receiver(secret=secret, script=list(script or []))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer = receiver.take(body, dict(self.headers))
            time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:
                pass  # the sender gave up waiting, as it was meant to

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
