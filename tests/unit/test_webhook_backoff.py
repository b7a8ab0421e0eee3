"""When a failed delivery is tried again, and what each answer from an endpoint means."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from baxt.application.followers.backoff import Backoff as FollowerBackoff
from baxt.application.webhooks.backoff import RetryPolicy, retry_after_seconds
from baxt.application.webhooks.verdicts import judge

POLICY = RetryPolicy(base_seconds=2.0, max_seconds=60.0, max_attempts=5)
NOW = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)


def _highest(low: float, high: float) -> float:
    return high


def _lowest(low: float, high: float) -> float:
    return low


@pytest.mark.parametrize(("attempt", "ceiling"), [(1, 2.0), (2, 4.0), (3, 8.0), (6, 60.0)])
def test_the_wait_is_drawn_up_to_a_doubling_ceiling_that_is_capped(
    attempt: int, ceiling: float
) -> None:
    assert POLICY.delay(attempt, draw=_highest) == ceiling
    assert POLICY.delay(attempt, draw=_lowest) == 0.0


def test_the_draw_is_random_and_within_the_ceiling() -> None:
    waits = {POLICY.delay(4) for _ in range(50)}
    assert len(waits) > 1
    assert all(0.0 <= wait <= 16.0 for wait in waits)


def test_a_retry_after_is_never_undercut() -> None:
    assert POLICY.delay(1, retry_after=30.0, draw=_lowest) == 30.0


def test_a_retry_after_beyond_the_cap_is_read_as_the_cap() -> None:
    assert POLICY.delay(1, retry_after=86_400.0, draw=_lowest) == 60.0


def test_a_very_late_attempt_does_not_overflow() -> None:
    assert POLICY.delay(10_000, draw=_highest) == 60.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("Sun, 10 May 2026 09:01:30 GMT", 90.0),
        ("Sun, 10 May 2026 08:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_read_as_seconds_or_as_an_http_date(
    header: str | None, seconds: float | None
) -> None:
    assert retry_after_seconds(header, NOW) == seconds


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (200, "DELIVERED"),
        (204, "DELIVERED"),
        (400, "FAILED"),
        (401, "FAILED"),
        (404, "FAILED"),
        (302, "FAILED"),
        (408, "RETRYING"),
        (429, "RETRYING"),
        (500, "RETRYING"),
        (503, "RETRYING"),
        (None, "RETRYING"),
    ],
)
def test_what_each_answer_means(status: int | None, verdict: str) -> None:
    assert judge(status, 1, POLICY).status == verdict


def test_a_retry_comes_with_its_wait_and_a_settled_answer_with_none() -> None:
    assert judge(503, 1, POLICY, retry_after=45.0).retry_in == 45.0
    assert judge(200, 1, POLICY).retry_in is None
    assert judge(400, 1, POLICY).retry_in is None


def test_gone_fails_and_disables_the_endpoint() -> None:
    verdict = judge(410, 1, POLICY)
    assert (verdict.status, verdict.disable_endpoint, verdict.retry_in) == ("FAILED", True, None)


def test_a_retryable_failure_on_the_last_attempt_is_dead() -> None:
    assert judge(503, POLICY.max_attempts, POLICY).status == "DEAD"
    assert judge(None, POLICY.max_attempts, POLICY).status == "DEAD"
    assert judge(503, POLICY.max_attempts - 1, POLICY).status == "RETRYING"


def test_drawing_a_delay_leaves_the_random_modules_shared_state_alone() -> None:
    """A follower retrying in a background thread must not move the state a seeded
    simulation or a property test in the same process draws from."""
    before = random.getstate()

    POLICY.delay(3)
    FollowerBackoff().delay(3)

    assert random.getstate() == before
