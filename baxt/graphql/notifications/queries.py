from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.graphql.core.connection import Edge, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.pagination import cursor_time_and_id, encode_cursor, page_size
from baxt.graphql.core.permissions import Needs
from baxt.graphql.notifications.types import (
    Notification,
    NotificationConnection,
)

DEFAULT_PAGE = 20


@strawberry.type
class Query:
    @strawberry.field(
        description="The caller's in-app messages, newest first.",
        permission_classes=[Needs(Operation.NOTIFICATIONS)],
    )
    async def my_notifications(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        unread_only: bool = False,
    ) -> NotificationConnection:
        size, _ = page_size(first, None, default=DEFAULT_PAGE, cap=info.context.max_page_size)
        feed, actor = info.context.services.feed, info.context.actor
        items = await feed.page(
            actor,
            limit=size + 1,
            after=cursor_time_and_id(after) if after else None,
            unread_only=unread_only,
        )
        edges = [
            Edge(cursor=encode_cursor(i.created_at.isoformat(), str(i.id)), node=Notification.of(i))
            for i in items[:size]
        ]
        return NotificationConnection(
            page_info=page_info(edges, has_next=len(items) > size, has_previous=after is not None),
            edges=edges,
            total=lambda: feed.count(actor, unread_only=unread_only),
        )
