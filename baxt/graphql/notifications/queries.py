from __future__ import annotations

import strawberry
from strawberry.relay import PageInfo

from baxt.application.access.rules import Operation
from baxt.graphql.context import Info
from baxt.graphql.notifications.types import (
    Notification,
    NotificationConnection,
    NotificationEdge,
)
from baxt.graphql.pagination import cursor_time_and_id, encode_cursor, page_size

DEFAULT_PAGE = 20


@strawberry.type
class Query:
    @strawberry.field(description="The caller's in-app messages, newest first.")
    async def my_notifications(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        unread_only: bool = False,
    ) -> NotificationConnection:
        info.context.allow(Operation.NOTIFICATIONS)
        size, _ = page_size(first, None, default=DEFAULT_PAGE, cap=info.context.max_page_size)
        items = await info.context.services.feed.page(
            info.context.actor,
            limit=size + 1,
            after=cursor_time_and_id(after) if after else None,
            unread_only=unread_only,
        )
        edges = [
            NotificationEdge(
                cursor=encode_cursor(i.created_at.isoformat(), str(i.id)), node=Notification.of(i)
            )
            for i in items[:size]
        ]
        return NotificationConnection(
            page_info=PageInfo(
                has_next_page=len(items) > size,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            edges=edges,
        )
