"""The rate limiter's shared storage: when Redis cannot be reached, requests are let through."""

from __future__ import annotations

import logging

import pytest

from baxt.http.rate_limit import RateLimiter
from tests.services import free_port


async def test_an_unreachable_redis_lets_every_request_through_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    limiter = RateLimiter("1/minute", f"redis://127.0.0.1:{free_port()}/0")

    with caplog.at_level(logging.WARNING, logger="baxt.ratelimit"):
        waits = [await limiter.retry_after("user:aziza") for _ in range(3)]

    assert waits == [None, None, None]
    assert "rate limit storage unreachable" in caplog.text
