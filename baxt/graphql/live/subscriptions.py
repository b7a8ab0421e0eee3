"""The `Subscription` root: each field follows the live feed and shows what changed through
the same reads as its query (`case`, `myQueue`, `myNotifications`, `partnerReferral`), so a
subscription carries only what the query would, and each object shown is in the access log."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from uuid import UUID

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.cases.rows import CaseSummary
from baxt.application.live_feed import Change, ChangeKind
from baxt.application.partners.rows import PartnerReferralRow
from baxt.domain.errors import CaseNotFound, InvalidInput, ReferralNotFound
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.cases.queries import READ, load_case
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.context import Info
from baxt.graphql.core.pagination import page_size
from baxt.graphql.core.permissions import Needs
from baxt.graphql.live.changes import changes_of, live_feed, newer
from baxt.graphql.notifications.types import Notification
from baxt.graphql.partners.types import PartnerReferral
from baxt.graphql.work.queries import DEFAULT_QUEUE

_RECENT = 20


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="The case each time a change to it is committed, as `case(id)` shows it;"
        " nothing while it is out of your reach.",
        permission_classes=READ,
    )
    async def case_changed(self, info: Info, id: strawberry.ID) -> AsyncGenerator[CaseNode, None]:
        try:
            key = str(case_uuid(id))
        except CaseNotFound:
            return
        shown: int | None = None
        async with live_feed(info).subscribe() as subscriber:
            async for _ in changes_of(info, subscriber, ChangeKind.CASE, key):
                case = await load_case(info, id)
                if case is None or case.version == shown:
                    continue
                await record_case_reads(info, [case.case_id])
                shown = case.version
                yield case

    @strawberry.subscription(
        description="Your queue, as `myQueue(first)` shows it, each time a committed change"
        " alters it.",
        permission_classes=[Needs(Operation.READ_CASES)],
    )
    async def my_queue_changed(
        self, info: Info, first: int | None = None
    ) -> AsyncGenerator[list[CaseNode], None]:
        size, _ = page_size(first, None, default=DEFAULT_QUEUE, cap=info.context.max_page_size)
        workload = info.context.services.workload
        async with live_feed(info).subscribe() as subscriber:
            shown = _queue_shape(await workload.queue(info.context.view, size))
            async for _ in changes_of(info, subscriber, ChangeKind.CASE):
                rows = await workload.queue(info.context.view, size)
                if _queue_shape(rows) == shown:
                    continue
                await record_case_reads(info, [row.case_id for row in rows])
                shown = _queue_shape(rows)
                yield [CaseNode.from_row(row) for row in rows]

    @strawberry.subscription(
        description="Each new message in your in-app feed, as `myNotifications` lists it.",
        permission_classes=[Needs(Operation.NOTIFICATIONS)],
    )
    async def notification_added(self, info: Info) -> AsyncGenerator[Notification, None]:
        feed, actor = info.context.services.feed, info.context.actor
        async with live_feed(info).subscribe() as subscriber:
            latest = await feed.page(actor, limit=1)
            seen = (latest[0].created_at, str(latest[0].id)) if latest else None
            async for _ in changes_of(info, subscriber, ChangeKind.NOTIFICATION, actor):
                items = await feed.page(actor, limit=_RECENT)
                for item in reversed(items):
                    stamp = (item.created_at, str(item.id))
                    if newer(stamp, seen):
                        seen = stamp
                        yield Notification.of(item)

    @strawberry.subscription(
        description="A referral made to your organisation each time a change to it is"
        " committed, as `partnerReferral(id)` shows it."
    )
    async def partner_referral_changed(self, info: Info) -> AsyncGenerator[PartnerReferral, None]:
        shown: dict[str, datetime] = {}
        since = datetime.now(UTC)
        async with live_feed(info).subscribe() as subscriber:
            async for change in changes_of(info, subscriber, ChangeKind.REFERRAL):
                for row in await _changed_referrals(info, change, since):
                    if shown.get(row.referral_id) == row.updated_at:
                        continue
                    await record_case_reads(info, [row.case_id])
                    shown[row.referral_id] = row.updated_at
                    yield PartnerReferral.from_row(row)


async def _changed_referrals(
    info: Info, change: Change, since: datetime
) -> list[PartnerReferralRow]:
    """The caller's referral the change names; after a RESYNC, those of the caller's latest
    referrals updated since the subscription began, oldest first."""
    partners, caller = info.context.services.partners, info.context.caller
    if change.kind is ChangeKind.RESYNC:
        page = await partners.referrals(caller, statuses=(), limit=_RECENT, after=None)
        return [row for row in reversed(page.rows) if row.updated_at > since]
    try:
        return [await partners.referral(caller, change.key)]
    except (ReferralNotFound, InvalidInput):
        return []


def _queue_shape(rows: list[CaseSummary]) -> list[tuple[UUID, int]]:
    return [(row.case_id, row.version) for row in rows]
