"""How long a supervisor waits before it starts a failed follower again."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

_jitter = random.SystemRandom()
"""A generator of its own (the system's entropy), so drawing a delay never moves the shared
state of the `random` module that other code in the process (a seeded simulation, a property
test) relies on."""


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff from `base_seconds`, capped at `max_seconds`, with equal jitter
    (half the step fixed, half drawn), so copies that failed together do not retry together
    and a database back within a few seconds is found again within a few more."""

    base_seconds: float = 0.25
    max_seconds: float = 2.0

    def delay(
        self, failures: int, draw: Callable[[float, float], float] = _jitter.uniform
    ) -> float:
        """Seconds to wait after the `failures`-th failure in a row (1 = the first)."""
        step: float = min(
            self.max_seconds, self.base_seconds * 2.0 ** min(max(failures, 1) - 1, 30)
        )
        return step / 2 + draw(0.0, step / 2)
