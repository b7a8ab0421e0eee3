"""The live feed's changes that concern one subscriber, read again as the queries read them.

Each subscription keeps what it last showed and shows an object again only when a fresh read,
through the caller's reach and masks, differs from it; so a change the caller may not see, a
change of nothing they see, or a repeated notice sends nothing, and after a RESYNC (changes
lost while the feed was away) only what really differs is sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

from baxt.application.live_feed import Change, ChangeKind, LiveFeed, Subscriber
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import BadRequest


def live_feed(info: Info) -> LiveFeed:
    """The process's live feed; raises BadRequest where the API runs without one."""
    feed = info.context.services.live
    if feed is None:
        raise BadRequest("this server does not serve subscriptions")
    return feed


async def changes_of(
    info: Info, subscriber: Subscriber, kind: ChangeKind, key: str | None = None
) -> AsyncIterator[Change]:
    """The subscriber's changes of `kind` (and `key`, if given), and every RESYNC; each time
    with fresh DataLoaders, so nothing read for an earlier change is shown for this one."""
    async for change in subscriber:
        if change.kind is ChangeKind.RESYNC or (
            change.kind is kind and (key is None or change.key == key)
        ):
            info.context.forget_loaders()
            yield change


def newer(stamp: tuple[datetime, str], seen: tuple[datetime, str] | None) -> bool:
    """Whether `stamp` (a time and an ID) comes after what was last shown."""
    return seen is None or stamp > seen
