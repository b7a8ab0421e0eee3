"""Every event of a household record, with the topic it is stored under and how it applies."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from baxt.domain.household.state import HouseholdState
from baxt.domain.household.values import Address, Guardian, Member

TOPIC_PREFIX = "baxt.domain.household:Household."
"""Stored events name their classes so, wherever the class lives."""


class HouseholdEvent(Aggregate.Event):
    """An event of a household record; every one records who did it."""

    actor: str


class Registered(Aggregate.Created, HouseholdEvent):
    """The household was registered with its guardians, its address and its members."""

    TOPIC = TOPIC_PREFIX + "Registered"
    guardians: tuple[Guardian, ...]
    address: Address
    members: tuple[Member, ...]

    def apply(self, aggregate: HouseholdState) -> None:
        aggregate.guardians = tuple(self.guardians)  # stored events give JSON lists back
        aggregate.address = self.address
        aggregate.members = tuple(self.members)
        aggregate.erased = False


class GuardiansChanged(HouseholdEvent):
    """The household's guardians are now these (one moved out, another took the children)."""

    TOPIC = TOPIC_PREFIX + "GuardiansChanged"
    guardians: tuple[Guardian, ...]

    def apply(self, aggregate: HouseholdState) -> None:
        aggregate.guardians = tuple(self.guardians)


class DataErased(HouseholdEvent):
    """The household's personal data was erased on a legal reason; its key is destroyed."""

    TOPIC = TOPIC_PREFIX + "DataErased"
    legal_reason: str

    def apply(self, aggregate: HouseholdState) -> None:
        aggregate.erased = True


HOUSEHOLD_EVENTS: tuple[type[HouseholdEvent], ...] = (Registered, GuardiansChanged, DataErased)
"""Every event a household stores."""
