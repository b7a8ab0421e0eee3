from __future__ import annotations

import datetime as dt

import strawberry

from baxt.application.feed import FeedItem
from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.core.connection import Edges
from baxt.graphql.core.node import global_id
from baxt.graphql.core.user_errors import UserError


@strawberry.type
class Notification:
    """A message in the caller's in-app feed. `caseId` opens the case it is about."""

    id: strawberry.ID
    case_id: strawberry.ID
    kind: str = strawberry.field(
        description="SAFETY_CONCERN, FAMILY_UNREACHABLE, CHILD_NOT_SEEN_POLICE or VISIT_OVERDUE."
    )
    urgent: bool
    created_at: dt.datetime
    read_at: dt.datetime | None

    @classmethod
    def of(cls, item: FeedItem) -> Notification:
        return cls(
            id=strawberry.ID(str(item.id)),
            case_id=global_id(CASE_TYPE, str(item.case_id)),
            kind=item.kind,
            urgent=item.urgent,
            created_at=item.created_at,
            read_at=item.read_at,
        )


@strawberry.type
class NotificationConnection(Edges[Notification]):
    """A page of Notification edges; this connection has never listed `nodes`."""


@strawberry.input
class MarkNotificationsReadInput:
    ids: list[strawberry.ID]


@strawberry.type
class MarkNotificationsReadPayload:
    notifications: list[Notification]
    user_errors: list[UserError]
