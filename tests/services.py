"""Real peers for the tests: the machine's RabbitMQ, an SMTP server and an HTTP receiver."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.database import in_ci

DEFAULT_RABBITMQ = "amqp://guest:guest@127.0.0.1:5672/%2F"


def rabbitmq_url() -> str:
    """The machine's RabbitMQ; off CI a test skips, saying why, when none answers.

    Tests only publish and consume there, on queues of their own names. A test that stops
    a broker or makes virtual hosts does so on a node of its own (`tests.faults.private_rabbitmq`).
    """
    url = os.environ.get("BAXT_TEST_BROKER_URL", DEFAULT_RABBITMQ)
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5672), 3).close()
    except OSError as error:
        if in_ci():
            raise RuntimeError(f"CI needs the RabbitMQ at {url}: {error}") from None
        pytest.skip(f"needs RabbitMQ at {url} ({error}); set BAXT_TEST_BROKER_URL")
    return url


DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


def redis_url() -> str:
    """The machine's Redis; off CI a test skips, saying why, when none answers.

    Tests keep their keys there under a prefix of their own, and delete them at the end.
    """
    url = os.environ.get("BAXT_TEST_REDIS_URL", DEFAULT_REDIS)
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 3).close()
    except OSError as error:
        if in_ci():
            raise RuntimeError(f"CI needs the Redis at {url}: {error}") from None
        pytest.skip(f"needs Redis at {url} ({error}); set BAXT_TEST_REDIS_URL")
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def process_running(pid: int) -> bool:
    """Whether a process with this ID runs (one of another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    """A real SMTP server on a free local port, keeping what it receives."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, mailbox
    finally:
        controller.stop()


@dataclass
class SmsGateway:
    """What an HTTP SMS gateway received; it answers 500 to the first `failures` posts."""

    failures: int = 0
    received: list[tuple[dict[str, str], dict[str, Any]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def accept(self, headers: dict[str, str], body: dict[str, Any]) -> int:
        with self.lock:
            if self.failures > 0:
                self.failures -= 1
                return 500
            self.received.append((headers, body))
            return 202


@contextmanager
def sms_gateway(failures: int = 0) -> Iterator[tuple[str, SmsGateway]]:
    """A real HTTP receiver on a free local port, standing in for the SMS gateway."""
    gateway = SmsGateway(failures)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(gateway.accept(dict(self.headers), body))
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sms", gateway
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class HeldSmsGateway(SmsGateway):
    """An SMS gateway that holds its first post open, unanswered, until `release` is set.

    The held post is never answered, so it is never accepted; every later post is.
    """

    held: list[dict[str, str]] = field(default_factory=list)
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    def hold_first(self, headers: dict[str, str]) -> bool:
        with self.lock:
            if self.held:
                return False
            self.held.append(headers)
        self.holding.set()
        self.release.wait()
        return True


@contextmanager
def held_sms_gateway() -> Iterator[tuple[str, HeldSmsGateway]]:
    """A real HTTP receiver like `sms_gateway`, except that it holds the first post open."""
    gateway = HeldSmsGateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if gateway.hold_first(dict(self.headers)):
                return  # the connection closes with no answer at all
            self.send_response(gateway.accept(dict(self.headers), body))
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sms", gateway
    finally:
        gateway.release.set()
        server.shutdown()
        server.server_close()
