"""Opening a case: the first flag, a flag again, and a reopening."""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate

from baxt.domain.case import rules
from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState
from baxt.domain.values import (
    Child,
    FlagReason,
    FlagSource,
    Household,
    MahallaRole,
    RegistryCategory,
)


class Flagged(Aggregate.Created, CaseEvent):
    """The case was opened for a flagged child."""

    TOPIC = _TOPIC + "Flagged"
    child: Child
    household: Household
    source: FlagSource
    indicators: tuple[str, ...]
    note: str
    quarter: str
    round: str | None = None
    reason: FlagReason | None = None
    # Flags stored before the Social Registry's categories were kept have neither.
    registry_category: RegistryCategory | None = None
    mahalla_role: MahallaRole | None = None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.registry_category = self.registry_category
        aggregate.child = self.child
        aggregate.household = self.household
        aggregate.source = self.source
        aggregate.indicators = tuple(self.indicators)  # stored events give JSON lists back
        aggregate.rounds = (self.round,) if self.round else ()
        aggregate.reason = self.reason
        aggregate.visits = ()
        aggregate.needs = ()
        aggregate.plan = ()
        aggregate.referrals = ()
        aggregate.caseworker = None
        aggregate.planned_quarters = ()
        aggregate.visit_due_on = None
        aggregate.seen_quarters = ()
        aggregate.reminders = ()
        aggregate.erased = False
        aggregate.start_episode(self.quarter)


class FlagAdded(CaseEvent):
    """Another flag was recorded on the open case."""

    TOPIC = _TOPIC + "FlagAdded"
    source: FlagSource
    indicators: tuple[str, ...]
    note: str
    round: str | None = None
    reason: FlagReason | None = None
    registry_category: RegistryCategory | None = None
    mahalla_role: MahallaRole | None = None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.note_registry_category(self.registry_category)
        aggregate.indicators = rules.merged(aggregate.indicators, self.indicators)
        aggregate.note_round(self.round, self.reason)


class Reopened(CaseEvent):
    """A closed case was reopened for the current quarter, maybe by a new flag."""

    TOPIC = _TOPIC + "Reopened"
    reason: str
    quarter: str
    source: FlagSource | None
    indicators: tuple[str, ...]
    round: str | None = None
    flag_reason: FlagReason | None = None
    registry_category: RegistryCategory | None = None
    mahalla_role: MahallaRole | None = None
    # The child's birth date then, for the figures' age band of the new episode; reopenings
    # stored before it was recorded have none.
    birth_date: date | None = None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.note_registry_category(self.registry_category)
        if self.source is not None:
            aggregate.source = self.source
        aggregate.indicators = rules.merged(aggregate.indicators, self.indicators)
        aggregate.note_round(self.round, self.flag_reason)
        aggregate.start_episode(self.quarter)
