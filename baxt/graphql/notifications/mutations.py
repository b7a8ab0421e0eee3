from __future__ import annotations

from uuid import UUID

import strawberry

from baxt.application.access.rules import Operation
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.core.user_errors import UserError
from baxt.graphql.notifications.types import (
    MarkNotificationsReadInput,
    MarkNotificationsReadPayload,
    Notification,
)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Marks messages of the caller's feed read.",
        permission_classes=[Needs(Operation.NOTIFICATIONS)],
    )
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        wanted = {index: _uuid(value) for index, value in enumerate(input.ids)}
        ids = [i for i in wanted.values() if i is not None]
        items = await info.context.services.feed.mark_read(info.context.actor, ids)
        found = {item.id for item in items}
        errors = [
            UserError(
                field=["input", "ids", str(index)],
                specific=f"no notification {input.ids[index]!r} in your feed",
                code="NOT_FOUND",
            )
            for index, notification_id in wanted.items()
            if notification_id not in found
        ]
        return MarkNotificationsReadPayload(
            notifications=[Notification.of(i) for i in items], user_errors=errors
        )


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None
