"""What a household record knows: the attributes its events set."""

from __future__ import annotations

from uuid import UUID

from baxt.domain.household.values import Address, Guardian, Member


class HouseholdState:
    """The state of one household record, as its events leave it."""

    id: UUID
    guardians: tuple[Guardian, ...]
    address: Address
    members: tuple[Member, ...]
    erased: bool
