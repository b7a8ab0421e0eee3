"""Partners' webhook endpoints: registered, listed, their secret rotated, disabled and enabled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import psycopg
from psycopg.rows import dict_row

from baxt.application.webhooks.errors import EndpointNotFound, TooManyEndpoints, WebhookError
from baxt.application.webhooks.notices import EVENT_TYPES
from baxt.application.webhooks.scope import WebhookScope
from baxt.application.webhooks.signing import new_secret
from baxt.application.webhooks.urls import checked_endpoint_url

MAX_ENDPOINTS = 20
MAX_DESCRIPTION = 500
ROTATION_GRACE = timedelta(hours=24)
_COLUMNS = (
    "id, organisation_id, url, description, event_types, enabled, disabled_reason,"
    " created_by, created_at, updated_at"
)
_INSERT = f"""
INSERT INTO webhook_endpoint (id, organisation_id, url, description, event_types, secret,
                              created_by)
VALUES (%(id)s, %(organisation_id)s, %(url)s, %(description)s, %(event_types)s, %(secret)s,
        %(actor)s)
RETURNING {_COLUMNS}
"""  # noqa: S608 - the one interpolation is a constant column list
_ROTATE = f"""
UPDATE webhook_endpoint SET previous_secret = secret, previous_expires_at = now() + %(grace)s,
       secret = %(secret)s, updated_at = now()
WHERE id = %(id)s RETURNING {_COLUMNS}
"""  # noqa: S608 - the one interpolation is a constant column list
_ENABLE = f"""
UPDATE webhook_endpoint SET enabled = %(enabled)s, disabled_reason = %(reason)s,
       updated_at = now()
WHERE id = %(id)s RETURNING {_COLUMNS}
"""  # noqa: S608 - the one interpolation is a constant column list
_SELECT = f"SELECT {_COLUMNS} FROM webhook_endpoint"  # noqa: S608 - constant column list


@dataclass(frozen=True)
class Endpoint:
    """A partner's endpoint as it is managed and listed; its secret is never shown again."""

    id: UUID
    organisation_id: str
    url: str
    description: str
    event_types: tuple[str, ...] | None
    enabled: bool
    disabled_reason: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class WithSecret:
    """An endpoint and its new signing secret, shown this once."""

    endpoint: Endpoint
    secret: str


class EndpointRegistry:
    """The endpoints of every partner organisation, each kept to its owner's scope."""

    def __init__(self, conninfo: str, *, production: bool) -> None:
        self._conninfo = conninfo
        self._production = production

    def register(
        self,
        scope: WebhookScope,
        *,
        organisation_id: str | None,
        url: str,
        description: str = "",
        event_types: Sequence[str] | None = None,
        actor: str,
    ) -> WithSecret:
        """Adds an endpoint with a fresh secret; it hears of every event type unless filtered."""
        owner, secret = scope.owner(organisation_id), new_secret()
        params = {
            "id": uuid4(),
            "organisation_id": owner,
            "url": checked_endpoint_url(url, production=self._production),
            "description": _description(description),
            "event_types": _event_types(event_types),
            "secret": secret,
            "actor": actor,
        }
        with psycopg.connect(self._conninfo) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (owner,))
            if self._count(conn, owner) >= MAX_ENDPOINTS:
                limit = f"an organisation may have at most {MAX_ENDPOINTS} endpoints"
                raise TooManyEndpoints(limit)
            row = conn.cursor(row_factory=dict_row).execute(_INSERT, params).fetchone()
        return WithSecret(_endpoint(row), secret)

    def rotate_secret(self, scope: WebhookScope, endpoint_id: UUID) -> WithSecret:
        """A new secret; the old one keeps signing beside it for a day, while the partner
        changes over."""
        self.get(scope, endpoint_id)
        secret = new_secret()
        row = self._update(_ROTATE, {"id": endpoint_id, "secret": secret, "grace": ROTATION_GRACE})
        return WithSecret(_endpoint(row), secret)

    def set_enabled(
        self, scope: WebhookScope, endpoint_id: UUID, *, enabled: bool, reason: str | None = None
    ) -> Endpoint:
        """Disables (with why) or enables an endpoint; a disabled one is sent nothing."""
        self.get(scope, endpoint_id)
        params = {"id": endpoint_id, "enabled": enabled, "reason": None if enabled else reason}
        return _endpoint(self._update(_ENABLE, params))

    def get(self, scope: WebhookScope, endpoint_id: UUID) -> Endpoint:
        """The endpoint, if the scope covers it; EndpointNotFound otherwise."""
        found = self._select(" WHERE id = %(id)s", {"id": endpoint_id})
        if not found or not scope.covers(found[0].organisation_id):
            raise EndpointNotFound(f"no endpoint {endpoint_id}", ("endpoint_id",))
        return found[0]

    def listing(self, organisation_id: str | None) -> list[Endpoint]:
        """One organisation's endpoints (or every one's), oldest first."""
        where = " WHERE %(org)s::text IS NULL OR organisation_id = %(org)s"
        return self._select(where + " ORDER BY created_at, id", {"org": organisation_id})

    def _count(self, conn: psycopg.Connection[Any], organisation_id: str) -> int:
        query = "SELECT count(*) FROM webhook_endpoint WHERE organisation_id = %s"
        row = conn.execute(query, (organisation_id,)).fetchone()
        return int(row[0]) if row else 0

    def _update(self, query: str, params: dict[str, Any]) -> dict[str, Any]:
        with psycopg.connect(self._conninfo) as conn:
            row = conn.cursor(row_factory=dict_row).execute(query.encode(), params).fetchone()
        if row is None:
            raise EndpointNotFound(f"no endpoint {params['id']}", ("endpoint_id",))
        return row

    def _select(self, where: str, params: dict[str, Any]) -> list[Endpoint]:
        with psycopg.connect(self._conninfo) as conn:
            cursor = conn.cursor(row_factory=dict_row)
            rows = cursor.execute((_SELECT + where).encode(), params).fetchall()
        return [_endpoint(row) for row in rows]


def _endpoint(row: dict[str, Any] | None) -> Endpoint:
    assert row is not None
    types = row["event_types"]
    return Endpoint(**(row | {"event_types": tuple(types) if types is not None else None}))


def _description(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_DESCRIPTION:
        raise WebhookError(f"at most {MAX_DESCRIPTION} characters", ("description",))
    return text


def _event_types(types: Sequence[str] | None) -> list[str] | None:
    if types is None:
        return None
    unknown = sorted(set(types) - set(EVENT_TYPES.values()))
    if unknown or not types:
        wanted = ", ".join(EVENT_TYPES.values())
        raise WebhookError(f"event types are some of: {wanted}", ("event_types",))
    return sorted(set(types))
