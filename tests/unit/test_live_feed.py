from __future__ import annotations

from baxt.application.live_feed import (
    RESYNC,
    Change,
    ChangeKind,
    LiveFeed,
    Subscriber,
    parse_change,
)
from baxt.http.websocket import _is_subscription


def test_a_notice_names_its_kind_and_key() -> None:
    assert parse_change("case:6f1c") == Change(ChangeKind.CASE, "6f1c")
    assert parse_change("notification:user:with:colons") == Change(
        ChangeKind.NOTIFICATION, "user:with:colons"
    )


def test_a_notice_of_no_known_kind_or_without_a_key_is_no_change() -> None:
    for payload in ("", "case", "case:", "weather:sunny", "resync:now", "garbage"):
        assert parse_change(payload) is None, payload


async def test_each_subscriber_hears_every_change_in_the_order_published() -> None:
    feed = LiveFeed("postgresql://unused")
    changes = [Change(ChangeKind.CASE, str(n)) for n in range(3)]
    async with feed.subscribe() as first, feed.subscribe() as second:
        for change in changes:
            feed.publish(change)
        heard = [[await s.next() for _ in changes] for s in (first, second)]

    assert heard == [changes, changes]


async def test_a_subscriber_that_left_hears_nothing_more() -> None:
    feed = LiveFeed("postgresql://unused")
    async with feed.subscribe() as gone:
        pass
    feed.publish(Change(ChangeKind.CASE, "1"))

    assert gone.overflowed is False
    assert gone._queue.empty()


async def test_a_subscriber_that_fell_behind_is_told_to_read_afresh_after_what_it_kept() -> None:
    slow = Subscriber()
    kept = slow._queue.maxsize
    for n in range(kept + 5):
        slow.offer(Change(ChangeKind.CASE, str(n)))

    heard = [await slow.next() for _ in range(kept + 1)]

    assert heard[:kept] == [Change(ChangeKind.CASE, str(n)) for n in range(kept)]
    assert heard[kept] is RESYNC
    assert not slow.overflowed


def test_only_a_document_surely_of_a_query_or_mutation_is_refused_over_the_socket() -> None:
    assert _is_subscription("subscription { notificationAdded { id } }", None)
    assert not _is_subscription("{ myQueue { id } }", None)
    assert not _is_subscription("mutation { m }", None)
    two = "query A { a } subscription B { b }"
    assert _is_subscription(two, "B")
    assert not _is_subscription(two, "A")
    assert _is_subscription("not graphql {", None), "left to the protocol's 4400"
