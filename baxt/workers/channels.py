"""Where messages go: email over SMTP, SMS through an HTTP gateway."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Protocol

import httpx

from baxt.workers.templates import Text


class DeliveryFailed(Exception):
    """Raised when a channel could not hand a message over; the delivery is retried."""


class Channel(Protocol):
    def send(self, address: str, text: Text, key: str) -> None: ...


class SmtpChannel:
    """Sends email; the Message-ID is derived from the notification, so resends are recognisable."""

    def __init__(self, host: str, port: int, sender: str, timeout: float = 10.0) -> None:
        self._host, self._port, self._sender, self._timeout = host, port, sender, timeout

    def send(self, address: str, text: Text, key: str) -> None:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = address
        message["Subject"] = text.subject
        message["Message-ID"] = f"<{key}@baxt>"
        message.set_content(text.body)
        try:
            with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryFailed(f"SMTP {self._host}:{self._port}: {error}") from error


class HttpSmsChannel:
    """Posts an SMS to a gateway as JSON; its Idempotency-Key lets the gateway drop resends."""

    def __init__(self, url: str, token: str | None = None, timeout: float = 10.0) -> None:
        self._url = url
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        # One client for every message: building one costs a TLS context each time.
        self._client = httpx.Client(headers=headers, timeout=timeout)

    def send(self, address: str, text: Text, key: str) -> None:
        try:
            response = self._client.post(
                self._url,
                json={"to": address, "text": f"{text.subject}. {text.body}"},
                headers={"Idempotency-Key": key},
            )
        except httpx.HTTPError as error:
            raise DeliveryFailed(f"SMS gateway: {error}") from error
        if response.status_code >= 300:
            raise DeliveryFailed(f"SMS gateway answered {response.status_code}")
