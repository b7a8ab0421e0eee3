"""What an answer from an endpoint means for its delivery."""

from __future__ import annotations

from dataclasses import dataclass

from baxt.application.webhooks.backoff import RetryPolicy

RETRY_STATUSES = frozenset({408, 429})
GONE = 410


@dataclass(frozen=True)
class Verdict:
    """The delivery's new status, the seconds until the next attempt (if any), and whether the
    endpoint asked to be sent nothing more (410 Gone)."""

    status: str
    retry_in: float | None = None
    disable_endpoint: bool = False


def judge(
    http_status: int | None, attempt: int, policy: RetryPolicy, retry_after: float | None = None
) -> Verdict:
    """2xx delivers; 410 fails and disables; 408, 429, 5xx and no answer are retried until the
    attempts run out (DEAD); any other answer fails with no retry."""
    if http_status is not None and 200 <= http_status < 300:
        return Verdict("DELIVERED")
    if http_status == GONE:
        return Verdict("FAILED", disable_endpoint=True)
    retryable = http_status is None or http_status in RETRY_STATUSES or http_status >= 500
    if not retryable:
        return Verdict("FAILED")
    if attempt >= policy.max_attempts:
        return Verdict("DEAD")
    return Verdict("RETRYING", retry_in=policy.delay(attempt, retry_after))
