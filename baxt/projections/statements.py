"""The SQL statements a projection writes for an event, and the parameters every one shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from baxt.domain.case.events import CaseEvent

Params = dict[str, Any]
Statement = tuple[str, Params]


def event_params(event: CaseEvent) -> Params:
    """The case, its version after the event, and the event's time."""
    return {
        "case_id": event.originator_id,
        "version": event.originator_version,
        "at": event.timestamp,
    }


_SUMMARY_UPDATE = """UPDATE case_summary SET {}, version = %(version)s, updated_at = %(at)s
WHERE case_id = %(case_id)s"""


def summary_update(changes: str) -> str:
    """The UPDATE of the case's `case_summary` row that makes `changes` and moves its
    version and update time to the event's."""
    return _SUMMARY_UPDATE.format(changes)


StatementsOf = Callable[[Any], list[Statement]]
"""What turns one event of a class into its statements."""
