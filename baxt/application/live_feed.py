"""What changed in the read models, as it commits: the feed that GraphQL subscriptions follow.

The projections NOTIFY `LIVE_CHANNEL` in the transaction that writes the read model, so a
change is heard only once it is committed and a subscriber who reads again sees the new row.
PostgreSQL delivers each NOTIFY to every connection that LISTENs, so every API process hears
every change. Each process holds one listening connection and hands each change to its own
subscribers; when the database is lost it connects again, and then tells every subscriber
to read afresh (`RESYNC`), since changes made meanwhile were not heard.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from enum import Enum
from typing import Any

import psycopg

from baxt.application.followers.backoff import Backoff
from baxt.application.followers.errors import error_text

LIVE_CHANNEL = "baxt_live"
_QUEUE_SIZE = 1000
_log = logging.getLogger("baxt.live")


class ChangeKind(Enum):
    """What a change is about: a case, a partner referral, someone's in-app messages, or
    anything (after the feed lost changes)."""

    CASE = "case"
    REFERRAL = "referral"
    NOTIFICATION = "notification"
    RESYNC = "resync"


@dataclass(frozen=True)
class Change:
    """One committed change: its kind and what it names (a case ID, a referral ID, or the
    recipient of a new message)."""

    kind: ChangeKind
    key: str


RESYNC = Change(ChangeKind.RESYNC, "")


def parse_change(payload: str) -> Change | None:
    """The change a NOTIFY payload (`kind:key`) names; None for anything else."""
    name, separator, key = payload.partition(":")
    try:
        kind = ChangeKind(name)
    except ValueError:
        return None
    if not separator or not key or kind is ChangeKind.RESYNC:
        return None
    return Change(kind, key)


class Subscriber:
    """One subscriber's changes, in the order they committed."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[Change] = asyncio.Queue(_QUEUE_SIZE)
        self.overflowed = False

    def offer(self, change: Change) -> None:
        try:
            self._queue.put_nowait(change)
        except asyncio.QueueFull:
            self.overflowed = True

    async def next(self) -> Change:
        """The next change; RESYNC in place of those lost when the subscriber fell behind."""
        if self.overflowed and self._queue.empty():
            self.overflowed = False
            return RESYNC
        return await self._queue.get()

    async def __aiter__(self) -> AsyncIterator[Change]:
        while True:
            yield await self.next()


class LiveFeed:
    """This process's one LISTEN on `LIVE_CHANNEL`, fanned out to its subscribers.

    `run` keeps listening until cancelled, connecting again with backoff after any error,
    so a database restart never stops the API.
    """

    def __init__(self, conninfo: str, *, backoff: Backoff | None = None) -> None:
        self._conninfo = conninfo
        self._backoff = backoff or Backoff(max_seconds=5.0)
        self._subscribers: set[Subscriber] = set()
        self.listening = asyncio.Event()

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Subscriber]:
        """A subscriber that hears every change committed while the block runs."""
        subscriber = Subscriber()
        self._subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            self._subscribers.discard(subscriber)

    def publish(self, change: Change) -> None:
        for subscriber in list(self._subscribers):
            subscriber.offer(change)

    async def run(self) -> None:
        """Listens until cancelled; after a lost connection, listens again and sends RESYNC."""
        failures = 0
        while True:
            try:
                await self._listen(resync=failures > 0)
            except (psycopg.Error, OSError) as error:
                self.listening.clear()
                failures += 1
                _log.warning("the live feed lost the database (%s); retrying", error_text(error))
                await asyncio.sleep(self._backoff.delay(failures))

    async def _listen(self, *, resync: bool) -> None:
        conn: psycopg.AsyncConnection[Any] = await psycopg.AsyncConnection.connect(
            self._conninfo, autocommit=True
        )
        async with conn:
            await conn.execute(f"LISTEN {LIVE_CHANNEL}")
            self.listening.set()
            if resync:
                self.publish(RESYNC)
            async for notice in conn.notifies():
                change = parse_change(notice.payload)
                if change is not None:
                    self.publish(change)


@asynccontextmanager
async def running(feed: LiveFeed) -> AsyncIterator[LiveFeed]:
    """The feed listening in a task of its own while the block runs."""
    task = asyncio.create_task(feed.run(), name="baxt-live-feed")
    try:
        yield feed
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
