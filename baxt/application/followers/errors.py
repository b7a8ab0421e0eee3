"""The errors a follower fails with: where it failed, and how that is told without
personal data."""

from __future__ import annotations

import re

_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'|«[^»]*»")
_KEY_VALUES = re.compile(r"\)=\([^)]*\)")
_LONG_NUMBERS = re.compile(r"\d{7,}")
_MAX_TEXT = 300
_PLACE = "_baxt_failed_at"


class FollowerEnded(Exception):
    """Raised when a follower stopped following though nobody asked it to stop."""

    def __init__(self, follower: str) -> None:
        super().__init__(f"{follower} stopped following by itself")


def mark_event(error: BaseException, notification_id: int, topic: str) -> None:
    """Notes on `error`, which keeps its type, the event a follower failed on."""
    _mark(error, f"notification {notification_id} ({topic})")


def mark_batch(error: BaseException, first: int, last: int) -> None:
    """Notes on `error` the batch of events a follower failed on, all in one transaction."""
    _mark(error, f"the batch of notifications {first} to {last}")


def failed_at(error: BaseException) -> str | None:
    """Where the follower failed, as `mark_event` or `mark_batch` noted it."""
    place = getattr(error, _PLACE, None)
    return place if isinstance(place, str) else None


def error_text(error: BaseException) -> str:
    """The error's type and the first line of its message, with every quoted value, key value
    and long number left out, so that no child's data reaches a log line or /readyz."""
    lines = str(error).strip().splitlines()
    message = lines[0] if lines else ""
    message = _QUOTED.sub('"…"', message)
    message = _KEY_VALUES.sub(")=(…)", message)
    message = _LONG_NUMBERS.sub("…", message)
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return text[:_MAX_TEXT]


def _mark(error: BaseException, place: str) -> None:
    if failed_at(error) is None:
        error.add_note(f"failed on {place}")
        setattr(error, _PLACE, place)
