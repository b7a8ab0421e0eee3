from __future__ import annotations

from uuid import UUID

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.webhooks.errors import DeliveryNotFound, EndpointNotFound, WebhookError
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.core.user_errors import user_error
from baxt.graphql.webhooks.inputs import (
    DisableWebhookEndpointInput,
    EnableWebhookEndpointInput,
    RegisterWebhookEndpointInput,
    ReplayWebhookDeliveryInput,
    RotateWebhookSecretInput,
)
from baxt.graphql.webhooks.types import (
    ReplayWebhookDeliveryPayload,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEndpointPayload,
    WebhookSecretPayload,
)

WEBHOOKS = [Needs(Operation.WEBHOOKS)]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Registers a webhook endpoint (partners for their organisation, admins for"
        " any); the answer shows its signing secret, this once.",
        permission_classes=WEBHOOKS,
    )
    async def register_webhook_endpoint(
        self, info: Info, input: RegisterWebhookEndpointInput
    ) -> WebhookSecretPayload:
        caller = info.context.caller
        types = None if input.event_types is None else [t.value for t in input.event_types]
        try:
            made = await info.context.services.webhooks.register(
                caller,
                organisation_id=input.organisation_id,
                url=input.url,
                description=input.description,
                event_types=types,
            )
        except WebhookError as error:
            return WebhookSecretPayload(endpoint=None, secret=None, user_errors=[user_error(error)])
        return WebhookSecretPayload(
            endpoint=WebhookEndpoint.of(made.endpoint), secret=made.secret, user_errors=[]
        )

    @strawberry.mutation(
        description="Gives an endpoint a new secret, shown this once; the old one keeps signing"
        " beside it for 24 hours.",
        permission_classes=WEBHOOKS,
    )
    async def rotate_webhook_secret(
        self, info: Info, input: RotateWebhookSecretInput
    ) -> WebhookSecretPayload:
        caller = info.context.caller
        try:
            made = await info.context.services.webhooks.rotate_secret(
                caller, _id(input.endpoint_id, EndpointNotFound, "endpoint_id")
            )
        except WebhookError as error:
            return WebhookSecretPayload(endpoint=None, secret=None, user_errors=[user_error(error)])
        return WebhookSecretPayload(
            endpoint=WebhookEndpoint.of(made.endpoint), secret=made.secret, user_errors=[]
        )

    @strawberry.mutation(description="Stops sending to an endpoint.", permission_classes=WEBHOOKS)
    async def disable_webhook_endpoint(
        self, info: Info, input: DisableWebhookEndpointInput
    ) -> WebhookEndpointPayload:
        return await _set_enabled(info, input.endpoint_id, enabled=False)

    @strawberry.mutation(
        description="Sends to a disabled endpoint again, from new events on.",
        permission_classes=WEBHOOKS,
    )
    async def enable_webhook_endpoint(
        self, info: Info, input: EnableWebhookEndpointInput
    ) -> WebhookEndpointPayload:
        return await _set_enabled(info, input.endpoint_id, enabled=True)

    @strawberry.mutation(
        description="Sends a delivery again now, with the same webhook-id, so receivers that"
        " saw it already can drop it.",
        permission_classes=WEBHOOKS,
    )
    async def replay_webhook_delivery(
        self, info: Info, input: ReplayWebhookDeliveryInput
    ) -> ReplayWebhookDeliveryPayload:
        caller = info.context.caller
        webhooks = info.context.services.webhooks
        try:
            page = await webhooks.replay(
                caller, _id(input.delivery_id, DeliveryNotFound, "delivery_id")
            )
        except WebhookError as error:
            return ReplayWebhookDeliveryPayload(delivery=None, user_errors=[user_error(error)])
        record = page.deliveries[0]
        delivery = WebhookDelivery.of(record, page.attempts[record.id])
        return ReplayWebhookDeliveryPayload(delivery=delivery, user_errors=[])


async def _set_enabled(info: Info, endpoint_id: str, *, enabled: bool) -> WebhookEndpointPayload:
    caller = info.context.caller
    webhooks = info.context.services.webhooks
    try:
        endpoint = await webhooks.set_enabled(
            caller, _id(endpoint_id, EndpointNotFound, "endpoint_id"), enabled
        )
    except WebhookError as error:
        return WebhookEndpointPayload(endpoint=None, user_errors=[user_error(error)])
    return WebhookEndpointPayload(endpoint=WebhookEndpoint.of(endpoint), user_errors=[])


def _id(value: str, missing: type[WebhookError], field: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise missing(f"nothing has the ID {value!r}", (field,)) from None
