"""Replaying a case from its events, faster than the library's default projector."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from baxt.domain.case import Case


def replayed(aggregate: Any, events: Iterable[Any]) -> Any:
    """Any aggregate of the store (a case, a household, a report) with `events` applied in
    turn: the library's default projector without its per-event isinstance check against a
    runtime protocol, which took a third of each command's time."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def folded(case: Case | None, events: Iterable[Any]) -> Case | None:
    """The case with `events` applied in turn, each checked to make a case (see `replayed`)."""
    for event in events:
        case = applied(case, event)
    return case


def applied(case: Case | None, event: Case.Event) -> Case:
    """The case with `event` applied; the first event (Flagged) makes it."""
    mutated: Any = event.mutate(case)
    assert isinstance(mutated, Case)
    return mutated
