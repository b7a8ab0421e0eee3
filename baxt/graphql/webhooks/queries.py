from __future__ import annotations

from uuid import UUID

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.webhooks.errors import EndpointNotFound
from baxt.graphql.core.connection import Edge, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.pagination import cursor_time_and_id, encode_cursor, page_size
from baxt.graphql.core.permissions import Needs
from baxt.graphql.webhooks.types import (
    WebhookDelivery,
    WebhookDeliveryConnection,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)

DEFAULT_PAGE = 20


@strawberry.type
class Query:
    @strawberry.field(
        description="Webhook endpoints: a partner's own organisation's, or (admins) any"
        " organisation's, or every one's when none is named.",
        permission_classes=[Needs(Operation.WEBHOOKS)],
    )
    async def webhook_endpoints(
        self, info: Info, organisation_id: str | None = None
    ) -> list[WebhookEndpoint]:
        caller = info.context.caller
        found = await info.context.services.webhooks.endpoints(caller, organisation_id)
        return [WebhookEndpoint.of(e) for e in found]

    @strawberry.field(
        description="The delivery log, newest first, with every attempt.",
        permission_classes=[Needs(Operation.WEBHOOKS)],
    )
    async def webhook_deliveries(
        self,
        info: Info,
        endpoint_id: strawberry.ID | None = None,
        status: WebhookDeliveryStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> WebhookDeliveryConnection:
        caller = info.context.caller
        size, _ = page_size(first, None, default=DEFAULT_PAGE, cap=info.context.max_page_size)
        webhooks = info.context.services.webhooks
        endpoint = _endpoint(endpoint_id) if endpoint_id is not None else None
        state = status.value if status else None
        page = await webhooks.deliveries(
            caller,
            endpoint_id=endpoint,
            status=state,
            limit=size + 1,
            after=cursor_time_and_id(after) if after else None,
        )
        edges = [
            Edge(
                cursor=encode_cursor(d.created_at.isoformat(), str(d.id)),
                node=WebhookDelivery.of(d, page.attempts[d.id]),
            )
            for d in page.deliveries[:size]
        ]
        return WebhookDeliveryConnection(
            page_info=page_info(
                edges, has_next=len(page.deliveries) > size, has_previous=after is not None
            ),
            edges=edges,
            total=lambda: webhooks.delivery_count(caller, endpoint_id=endpoint, status=state),
        )


def _endpoint(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise EndpointNotFound(f"no endpoint {value!r}", ("endpoint_id",)) from None
