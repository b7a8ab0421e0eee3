"""The delivery log: every delivery with each attempt, and sending one again by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import class_row

from baxt.application.dead_letters import OUTBOX_CHANNEL

STATUSES = ("PENDING", "RETRYING", "DELIVERED", "FAILED", "DEAD")
_DELIVERY_COLUMNS = (
    "id, endpoint_id, organisation_id, event_type, referral_id, event_version, status, attempts,"
    " next_attempt_at, last_error, created_at, updated_at, delivered_at"
)
_PAGE = f"""
SELECT {_DELIVERY_COLUMNS} FROM webhook_delivery
WHERE (%(org)s::text IS NULL OR organisation_id = %(org)s)
  AND (%(endpoint)s::uuid IS NULL OR endpoint_id = %(endpoint)s)
  AND (%(status)s::text IS NULL OR status = %(status)s)
  AND (%(ids)s::uuid[] IS NULL OR id = ANY(%(ids)s))
  AND (%(after_at)s::timestamptz IS NULL OR (created_at, id) < (%(after_at)s, %(after_id)s))
ORDER BY created_at DESC, id DESC
LIMIT %(limit)s
"""  # noqa: S608 - the one interpolation is a constant column list
_COUNT = """
SELECT count(*) FROM webhook_delivery
WHERE (%(org)s::text IS NULL OR organisation_id = %(org)s)
  AND (%(endpoint)s::uuid IS NULL OR endpoint_id = %(endpoint)s)
  AND (%(status)s::text IS NULL OR status = %(status)s)
"""
_ATTEMPTS = """
SELECT delivery_id, number, attempted_at, duration_ms, http_status, error, outcome, next_retry_at
FROM webhook_attempt WHERE delivery_id = ANY(%s) ORDER BY delivery_id, number
"""
_REPLAY = """
UPDATE webhook_delivery d SET status = 'PENDING', attempts = 0, next_attempt_at = now(),
       enqueued_at = NULL, updated_at = now()
FROM webhook_endpoint e
WHERE e.id = d.endpoint_id AND e.enabled AND d.id = ANY(%(ids)s)
  AND (%(org)s::text IS NULL OR d.organisation_id = %(org)s)
RETURNING d.id
"""


@dataclass(frozen=True)
class DeliveryRecord:
    """One notice to one endpoint, and where its delivery stands."""

    id: UUID
    endpoint_id: UUID
    organisation_id: str
    event_type: str
    referral_id: str | None
    event_version: int
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    delivered_at: datetime | None


@dataclass(frozen=True)
class Attempt:
    """One try at delivering: when, the HTTP status or the error, how long, when the next."""

    delivery_id: UUID
    number: int
    attempted_at: datetime
    duration_ms: int
    http_status: int | None
    error: str | None
    outcome: str
    next_retry_at: datetime | None


class DeliveryLog:
    """Reads the deliveries and their attempts, and puts deliveries back to be sent again."""

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo

    def page(
        self,
        *,
        organisation_id: str | None = None,
        endpoint_id: UUID | None = None,
        status: str | None = None,
        ids: Sequence[UUID] | None = None,
        limit: int = 100,
        after: tuple[datetime, UUID] | None = None,
    ) -> list[DeliveryRecord]:
        """Deliveries newest first, filtered; `after` is the last one of the previous page."""
        params = {
            "org": organisation_id,
            "endpoint": endpoint_id,
            "status": status,
            "ids": list(ids) if ids is not None else None,
            "after_at": after[0] if after else None,
            "after_id": after[1] if after else None,
            "limit": limit,
        }
        return self._fetch(_PAGE, params, DeliveryRecord)

    def count(
        self,
        *,
        organisation_id: str | None = None,
        endpoint_id: UUID | None = None,
        status: str | None = None,
    ) -> int:
        """How many deliveries `page` lists under the same filter, every page."""
        params = {"org": organisation_id, "endpoint": endpoint_id, "status": status}
        with psycopg.connect(self._conninfo) as conn:
            row = conn.execute(_COUNT.encode(), params).fetchone()
        return int(row[0]) if row else 0

    def attempts(self, delivery_ids: Sequence[UUID]) -> dict[UUID, list[Attempt]]:
        """Each delivery's attempts, first to last."""
        found: dict[UUID, list[Attempt]] = {i: [] for i in delivery_ids}
        for attempt in self._fetch(_ATTEMPTS, [list(delivery_ids)], Attempt):
            found[attempt.delivery_id].append(attempt)
        return found

    def replay(self, ids: Sequence[UUID], organisation_id: str | None = None) -> list[UUID]:
        """Puts deliveries back to be sent now, with the same webhook-id and a fresh count of
        attempts; those to a disabled endpoint stay. Returns the IDs put back."""
        with psycopg.connect(self._conninfo) as conn:
            params = {"ids": list(ids), "org": organisation_id}
            replayed = [row[0] for row in conn.execute(_REPLAY, params).fetchall()]
            if replayed:
                conn.execute(f"NOTIFY {OUTBOX_CHANNEL}")
        return replayed

    def _fetch(self, query: str, params: Any, kind: type[Any]) -> list[Any]:
        with psycopg.connect(self._conninfo) as conn:
            cursor = conn.cursor(row_factory=class_row(kind))
            return cursor.execute(query.encode(), params).fetchall()
