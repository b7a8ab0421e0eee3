"""Which case events a follower handles, and which it deliberately ignores.

Every follower of the case events declares both, so an event added to the domain and left
out of both is caught by a test, and, should one reach a follower, stops it there (its
supervisor shows it failed, naming the event) rather than being passed over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from baxt.domain.case.events import CASE_EVENTS
from baxt.domain.concern.events import CONCERN_EVENTS

H = TypeVar("H")

EventClass = type[Aggregate.Event]
STORED_EVENTS: tuple[EventClass, ...] = (*CASE_EVENTS, *CONCERN_EVENTS)
"""Every event the store holds: a case's, then a report of concern's."""


class UnclassifiedEvent(LookupError):
    """Raised when a follower meets an event it neither handles nor ignores."""

    def __init__(self, follower: str, event_class: type) -> None:
        super().__init__(
            f"{follower} neither handles nor ignores {event_class.__qualname__};"
            " classify the event in its dispatch"
        )
        self.follower = follower
        self.event_class = event_class


@dataclass(frozen=True)
class Dispatch(Generic[H]):
    """A follower's handler for each case event it handles, and the events it ignores."""

    follower: str
    handlers: Mapping[EventClass, H]
    ignored: frozenset[EventClass]

    @property
    def handled(self) -> frozenset[EventClass]:
        return frozenset(self.handlers)

    def handler(self, event: object) -> H | None:
        """The handler of the event's class; None for an ignored one.

        Raises UnclassifiedEvent for an event the follower neither handles nor ignores.
        """
        for cls in type(event).__mro__:
            if cls in self.handlers:
                return self.handlers[cls]
            if cls in self.ignored:
                return None
        raise UnclassifiedEvent(self.follower, type(event))


def topics_of(*dispatches: Dispatch[Any]) -> tuple[str, ...]:
    """The stored topics of the events any of the dispatches handles, in the events'
    module order: what their follower subscribes to."""
    handled = frozenset().union(*(dispatch.handled for dispatch in dispatches))
    return tuple(get_topic(cls) for cls in STORED_EVENTS if cls in handled)
