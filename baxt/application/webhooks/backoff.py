"""When to try a failed delivery again: exponential backoff with full jitter, and Retry-After."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_jitter = random.SystemRandom()
"""A generator of its own (the system's entropy), so drawing a delay never moves the shared
state of the `random` module that other code in the process (a seeded simulation, a property
test) relies on."""


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait before each retry, and how many attempts a delivery gets."""

    base_seconds: float
    max_seconds: float
    max_attempts: int

    def delay(
        self,
        attempt: int,
        retry_after: float | None = None,
        draw: Callable[[float, float], float] = _jitter.uniform,
    ) -> float:
        """Seconds before the attempt after `attempt` (1 = the first): a uniform draw up to
        base * 2^(attempt-1), capped; never sooner than `retry_after` (itself capped)."""
        ceiling = min(self.max_seconds, self.base_seconds * 2 ** min(attempt - 1, 62))
        jittered = draw(0.0, ceiling)
        if retry_after is None:
            return jittered
        return max(jittered, min(retry_after, self.max_seconds))


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header as seconds from now: a number of seconds, or an HTTP date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
