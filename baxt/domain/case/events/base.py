"""The base of every event of a child's case, and the prefix of their stored topics."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

TOPIC_PREFIX = "baxt.domain.case:Case."
"""Stored events name their classes so, wherever the class lives."""


class CaseEvent(Aggregate.Event):
    """An event of a child's case; every one records who did it."""

    actor: str
