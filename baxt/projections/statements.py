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


StatementsOf = Callable[[Any], list[Statement]]
"""What turns one event of a class into its statements."""
