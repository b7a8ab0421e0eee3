"""A real SMTP server that can hold the first message it receives, unanswered, until released.

The held message was received but never accepted: a sender killed while it waits has not
delivered it, and must not count it as sent.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.services import free_port


@dataclass
class HeldMailbox:
    """Every message received (held or not), and those accepted with a 250."""

    hold_first: bool = True
    received: list[EmailMessage] = field(default_factory=list)
    accepted: list[EmailMessage] = field(default_factory=list)
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.received.append(message)
            hold = self.hold_first and not self.holding.is_set()
            if hold:
                self.holding.set()
        if hold:
            await asyncio.to_thread(self.release.wait)
            return "451 held and let go; try again"
        with self.lock:
            self.accepted.append(message)
        return "250 OK"

    def keys_received(self, reference: str) -> list[str]:
        """The Message-ID of every message received about the case `reference`, held or not."""
        with self.lock:
            return [str(m["Message-ID"]) for m in self.received if reference in str(m["Subject"])]

    def keys_accepted(self, reference: str) -> list[str]:
        """The Message-ID of every message accepted about the case `reference`."""
        with self.lock:
            return [str(m["Message-ID"]) for m in self.accepted if reference in str(m["Subject"])]


@contextmanager
def held_smtp_server(*, hold_first: bool) -> Iterator[tuple[int, HeldMailbox]]:
    """An SMTP server on a free local port; its first message is held if `hold_first`."""
    mailbox = HeldMailbox(hold_first)
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, mailbox
    finally:
        mailbox.release.set()
        controller.stop()
