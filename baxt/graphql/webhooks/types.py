from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry

from baxt.application.webhooks.log import Attempt, DeliveryRecord
from baxt.application.webhooks.registry import Endpoint
from baxt.graphql.core.connection import Edges
from baxt.graphql.core.user_errors import UserError


@strawberry.enum(description="What a partner hears of; the value is the `type` on the wire.")
class WebhookEventType(Enum):
    REFERRAL_CREATED = "referral.created"
    REFERRAL_ACCEPTED = "referral.accepted"
    REFERRAL_DECLINED = "referral.declined"
    REFERRAL_PROGRESS_RECORDED = "referral.progress_recorded"
    REFERRAL_COMPLETED = "referral.completed"
    REFERRAL_CANCELLED = "referral.cancelled"
    REFERRAL_REMINDER = "referral.reminder"
    CONSENT_REVOKED = "consent.revoked"


@strawberry.enum
class WebhookDeliveryStatus(Enum):
    PENDING = "PENDING"
    RETRYING = "RETRYING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    DEAD = "DEAD"


@strawberry.type(description="Where a partner organisation is sent webhooks.")
class WebhookEndpoint:
    id: strawberry.ID
    organisation_id: str
    url: str
    description: str
    event_types: list[WebhookEventType] | None = strawberry.field(
        description="The event types sent here; null sends every one."
    )
    enabled: bool
    disabled_reason: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, endpoint: Endpoint) -> WebhookEndpoint:
        types = endpoint.event_types
        return cls(
            id=strawberry.ID(str(endpoint.id)),
            organisation_id=endpoint.organisation_id,
            url=endpoint.url,
            description=endpoint.description,
            event_types=None if types is None else [WebhookEventType(t) for t in types],
            enabled=endpoint.enabled,
            disabled_reason=endpoint.disabled_reason,
            created_at=endpoint.created_at,
            updated_at=endpoint.updated_at,
        )


@strawberry.type(description="One try at delivering: the HTTP status or the error.")
class WebhookAttempt:
    number: int
    attempted_at: dt.datetime
    http_status: int | None
    error: str | None
    duration_ms: int
    outcome: WebhookDeliveryStatus
    next_retry_at: dt.datetime | None

    @classmethod
    def of(cls, attempt: Attempt) -> WebhookAttempt:
        return cls(
            number=attempt.number,
            attempted_at=attempt.attempted_at,
            http_status=attempt.http_status,
            error=attempt.error,
            duration_ms=attempt.duration_ms,
            outcome=WebhookDeliveryStatus(attempt.outcome),
            next_retry_at=attempt.next_retry_at,
        )


@strawberry.type(description="One notice to one endpoint; its ID is the `webhook-id` header.")
class WebhookDelivery:
    id: strawberry.ID
    endpoint_id: strawberry.ID
    event_type: WebhookEventType
    referral_id: str | None
    event_version: int
    status: WebhookDeliveryStatus
    next_attempt_at: dt.datetime | None
    last_error: str | None
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    attempts: list[WebhookAttempt] = strawberry.field(description="Every attempt, first to last.")

    @classmethod
    def of(cls, record: DeliveryRecord, attempts: list[Attempt]) -> WebhookDelivery:
        waiting = record.status in ("PENDING", "RETRYING")
        return cls(
            id=strawberry.ID(str(record.id)),
            endpoint_id=strawberry.ID(str(record.endpoint_id)),
            event_type=WebhookEventType(record.event_type),
            referral_id=record.referral_id,
            event_version=record.event_version,
            status=WebhookDeliveryStatus(record.status),
            next_attempt_at=record.next_attempt_at if waiting else None,
            last_error=record.last_error,
            created_at=record.created_at,
            delivered_at=record.delivered_at,
            attempts=[WebhookAttempt.of(a) for a in attempts],
        )


@strawberry.type
class WebhookDeliveryConnection(Edges[WebhookDelivery]):
    """A page of WebhookDelivery edges; this connection has never listed `nodes`."""


@strawberry.type
class WebhookSecretPayload:
    endpoint: WebhookEndpoint | None
    secret: str | None = strawberry.field(
        description="The signing secret (whsec_…); shown only in this answer."
    )
    user_errors: list[UserError]


@strawberry.type
class WebhookEndpointPayload:
    endpoint: WebhookEndpoint | None
    user_errors: list[UserError]


@strawberry.type
class ReplayWebhookDeliveryPayload:
    delivery: WebhookDelivery | None
    user_errors: list[UserError]
