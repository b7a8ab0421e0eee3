"""The API's live feed outlives a PostgreSQL restart: it listens again by itself, tells its
subscribers to read afresh, and hears what is committed after."""

from __future__ import annotations

import asyncio

import psycopg

from baxt.application.followers.backoff import Backoff
from baxt.application.live_feed import LIVE_CHANNEL, RESYNC, Change, ChangeKind, LiveFeed, running
from tests.faults.private_postgres import PrivatePostgres

WAIT = 60.0  # bounds a failing test only


def _notify(url: str, payload: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_notify(%s, %s)", (LIVE_CHANNEL, payload))


async def test_the_live_feed_listens_again_after_a_restart_and_asks_for_a_fresh_read(
    private_postgres: PrivatePostgres,
) -> None:
    url = private_postgres.url()
    feed = LiveFeed(url, backoff=Backoff(base_seconds=0.1, max_seconds=0.5))
    async with running(feed), feed.subscribe() as subscriber:
        await asyncio.wait_for(feed.listening.wait(), WAIT)
        await asyncio.to_thread(_notify, url, "case:before")
        before = await asyncio.wait_for(subscriber.next(), WAIT)

        await asyncio.to_thread(private_postgres.restart)
        told = await asyncio.wait_for(subscriber.next(), WAIT)
        await asyncio.to_thread(_notify, url, "case:after")
        after = await asyncio.wait_for(subscriber.next(), WAIT)

    assert before == Change(ChangeKind.CASE, "before")
    assert told is RESYNC
    assert after == Change(ChangeKind.CASE, "after")
