"""Sends one webhook delivery, signed, and records the attempt and its outcome."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from baxt.application.webhooks.backoff import RetryPolicy, retry_after_seconds
from baxt.application.webhooks.signing import signed_headers
from baxt.application.webhooks.transport import refused_address
from baxt.application.webhooks.verdicts import Verdict, judge

_log = logging.getLogger(__name__)
_CLAIM = """
SELECT d.id, d.payload, d.status, d.attempts, d.next_attempt_at, e.id AS endpoint_id, e.url,
       e.enabled, e.secret, e.previous_secret, e.previous_expires_at
FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
WHERE d.id = %s FOR UPDATE OF d SKIP LOCKED
"""
_EXISTS = "SELECT 1 FROM webhook_delivery WHERE id = %s"
_ATTEMPT = """
INSERT INTO webhook_attempt (delivery_id, number, attempted_at, duration_ms, http_status, error,
                             outcome, next_retry_at)
SELECT %(id)s, coalesce(max(number), 0) + 1, %(at)s, %(ms)s, %(http)s, %(error)s, %(status)s,
       %(next)s
FROM webhook_attempt WHERE delivery_id = %(id)s
"""
_RECORD = """
UPDATE webhook_delivery SET status = %(status)s, attempts = attempts + 1, last_error = %(error)s,
       next_attempt_at = coalesce(%(next)s, next_attempt_at), enqueued_at = %(next)s,
       updated_at = now(), delivered_at = CASE WHEN %(status)s = 'DELIVERED' THEN now() END
WHERE id = %(id)s
"""
_DISABLE = (
    "UPDATE webhook_endpoint SET enabled = false, disabled_reason = %s, updated_at = now()"
    " WHERE id = %s"
)
_SKIP = (
    "UPDATE webhook_delivery SET status = 'FAILED', last_error = 'the endpoint is disabled',"
    " updated_at = now() WHERE id = %s"
)


class DeliveryBusy(Exception):
    """Raised when another transaction holds a delivery's row; the message is retried later."""


@dataclass(frozen=True)
class Response:
    """What one POST came to: the HTTP status and Retry-After, or the error; how long it took."""

    http_status: int | None
    retry_after: str | None
    error: str | None
    duration_ms: int
    refused: bool = False


@dataclass(frozen=True)
class Delivered:
    """The outcome of `deliver`: the delivery's status, and when to try again if it is due."""

    status: str
    attempts: int = 0
    retry_in: float | None = None


SKIPPED = Delivered("SKIPPED")


class WebhookSender:
    """Sends due deliveries to their endpoints and records every attempt.

    The delivery's row stays locked while it is sent, so two copies of one message never
    send at once; a copy that comes early, or after the delivery settled, is skipped. With a
    `transport` such as `PublicOnlyTransport` (production), a host whose address it refuses
    fails the delivery at once with ADDRESS_REFUSED.
    """

    def __init__(
        self,
        conninfo: str,
        policy: RetryPolicy,
        *,
        timeout: float = 10.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._conninfo = conninfo
        self._policy = policy
        self._clock = clock
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport)
        # opened on the first delivery, so a process that only declares the actor opens none
        self._pool: ConnectionPool[Any] = ConnectionPool(conninfo, max_size=8, open=False)
        self._opening = threading.Lock()
        self._opened = False

    def deliver(self, delivery_id: UUID) -> Delivered:
        """Sends the delivery if it is due; DeliveryBusy when its row is held elsewhere."""
        self._open()
        with self._pool.connection() as conn:
            row = conn.cursor(row_factory=dict_row).execute(_CLAIM, (delivery_id,)).fetchone()
            if row is None and conn.execute(_EXISTS, (delivery_id,)).fetchone():
                raise DeliveryBusy(f"webhook delivery {delivery_id} is held elsewhere")
            if row is None or not self._due(row):
                return SKIPPED
            if not row["enabled"]:
                conn.execute(_SKIP, (delivery_id,))
                return Delivered("FAILED", row["attempts"])
            return self._attempt(conn, row)

    def close(self) -> None:
        self._client.close()
        if self._opened:
            self._pool.close()

    def _open(self) -> None:
        with self._opening:
            if not self._opened:
                self._pool.open()
                self._opened = True

    def _due(self, row: dict[str, Any]) -> bool:
        return row["status"] in ("PENDING", "RETRYING") and row["next_attempt_at"] <= self._clock()

    def _attempt(self, conn: psycopg.Connection[Any], row: dict[str, Any]) -> Delivered:
        sent_at = self._clock()
        response = self._post(row, sent_at)
        attempt = row["attempts"] + 1
        retry_after = retry_after_seconds(response.retry_after, sent_at)
        verdict = (
            Verdict("FAILED")
            if response.refused
            else judge(response.http_status, attempt, self._policy, retry_after)
        )
        self._record(conn, row, sent_at, response, verdict)
        if verdict.status != "DELIVERED":
            _log.warning("webhook %s %s: %s", row["id"], verdict.status, _error(response))
        return Delivered(verdict.status, attempt, verdict.retry_in)

    def _post(self, row: dict[str, Any], sent_at: datetime) -> Response:
        headers = signed_headers(_secrets(row, sent_at), str(row["id"]), sent_at, row["payload"])
        started = time.monotonic()
        try:
            answer = self._client.post(row["url"], content=row["payload"], headers=headers)
        except httpx.TimeoutException:
            return Response(None, None, "timed out", _since(started))
        except httpx.HTTPError as error:
            if refused_address(error):
                return Response(None, None, str(error)[:500], _since(started), refused=True)
            return Response(None, None, f"{type(error).__name__}: {error}"[:500], _since(started))
        retry_after = answer.headers.get("retry-after")
        return Response(answer.status_code, retry_after, None, _since(started))

    def _record(
        self,
        conn: psycopg.Connection[Any],
        row: dict[str, Any],
        sent_at: datetime,
        response: Response,
        verdict: Verdict,
    ) -> None:
        retry_in = verdict.retry_in
        next_at = None if retry_in is None else sent_at + timedelta(seconds=retry_in)
        params = {
            "id": row["id"],
            "at": sent_at,
            "ms": response.duration_ms,
            "http": response.http_status,
            "error": _error(response),
            "status": verdict.status,
            "next": next_at,
        }
        conn.execute(_ATTEMPT, params)
        conn.execute(_RECORD, params)
        if verdict.disable_endpoint:
            conn.execute(_DISABLE, ("the endpoint answered 410 Gone", row["endpoint_id"]))


def _secrets(row: dict[str, Any], now: datetime) -> list[str]:
    previous, expires = row["previous_secret"], row["previous_expires_at"]
    return [row["secret"], previous] if previous and expires and expires > now else [row["secret"]]


def _error(response: Response) -> str | None:
    if response.error is not None:
        return response.error
    status = response.http_status
    return None if status is not None and 200 <= status < 300 else f"HTTP {status}"


def _since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
