"""The case's pure rules: which statuses are open, which calls and visits move the case on
and which follow it up, when to escalate, which reminder is due."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from baxt.domain.values import CaseStatus, OverdueLevel

ESCALATE_AFTER = 3
OPEN = frozenset(CaseStatus) - {CaseStatus.CLOSED}
CONSULTABLE = frozenset({CaseStatus.VISITED})
"""The statuses a consultation may be recorded in (once a visit saw the child)."""
REFERABLE = frozenset({CaseStatus.CONSULTED, CaseStatus.REFERRED})
"""The statuses a child may be referred to a service in."""
REOPENABLE = frozenset({CaseStatus.CLOSED})
"""The statuses a case may be reopened from."""
CALLS_MOVE_ON_FROM = frozenset({CaseStatus.FLAGGED, CaseStatus.CONTACTED})
"""A call that reaches the family makes the case CONTACTED from these; elsewhere it follows up."""
VISITS_MOVE_ON_FROM = frozenset({CaseStatus.FLAGGED, CaseStatus.CONTACTED, CaseStatus.VISITED})
"""A visit makes the case VISITED from these; after the consultation it follows up."""


def call_follows_up(status: CaseStatus) -> bool:
    """True when a call in `status` follows the case up rather than moving it on."""
    return status in OPEN - CALLS_MOVE_ON_FROM


def visit_follows_up(status: CaseStatus) -> bool:
    """True when a visit in `status` follows the case up rather than moving it on."""
    return status in OPEN - VISITS_MOVE_ON_FROM


def merged(known: Sequence[str], new: Sequence[str]) -> tuple[str, ...]:
    """`known` followed by what `new` adds to it, each once, in order."""
    return tuple(dict.fromkeys((*known, *new)))


def escalates(failures: int) -> bool:
    """True when this many failed calls, or visits that missed the child, call for help."""
    return failures == ESCALATE_AFTER


def overdue_level(
    days_overdue: int, supervisor_after_days: int, has_caseworker: bool
) -> OverdueLevel:
    """Who hears of an overdue visit: its caseworker, or a supervisor once it is late enough
    or when no one has the case."""
    if days_overdue >= supervisor_after_days or not has_caseworker:
        return OverdueLevel.SUPERVISOR
    return OverdueLevel.CASEWORKER


class FlagOutcome(Enum):
    """What flagging a child did to their case."""

    OPENED = "OPENED"
    ADDED = "ADDED"
    REOPENED = "REOPENED"
    ALREADY = "ALREADY"
