from __future__ import annotations

import strawberry

from baxt.graphql.webhooks.types import WebhookEventType


@strawberry.input
class RegisterWebhookEndpointInput:
    url: str
    organisation_id: str | None = strawberry.field(
        default=None, description="Required of admins; a partner's is its own."
    )
    description: str = ""
    event_types: list[WebhookEventType] | None = strawberry.field(
        default=None, description="Only these event types; null sends every one."
    )


@strawberry.input
class RotateWebhookSecretInput:
    endpoint_id: strawberry.ID


@strawberry.input
class DisableWebhookEndpointInput:
    endpoint_id: strawberry.ID


@strawberry.input
class EnableWebhookEndpointInput:
    endpoint_id: strawberry.ID


@strawberry.input
class ReplayWebhookDeliveryInput:
    delivery_id: strawberry.ID
