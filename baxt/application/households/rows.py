"""A household record as the `household` read model holds it, and as a caller sees it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from baxt.application.access.masks import FieldMasks
from baxt.application.access.scope import CaseFacts
from baxt.domain.household import Address, Guardian, Household, Member


@dataclass(frozen=True)
class HouseholdRow:
    """One household: its guardians, address and members, and where its record stands."""

    household_id: UUID
    guardians: tuple[Guardian, ...]
    address: Address
    members: tuple[Member, ...]
    erased: bool
    version: int
    registered_at: datetime
    updated_at: datetime

    @property
    def place(self) -> CaseFacts:
        """What decides who reaches the household: its place."""
        a = self.address
        return CaseFacts(a.region, a.district, a.mahalla)


def household_row_of(household: Household) -> HouseholdRow:
    """The household in exactly the shape its `household` row has at its version."""
    return HouseholdRow(
        household_id=household.id,
        guardians=tuple(household.guardians),
        address=household.address,
        members=tuple(household.members),
        erased=household.erased,
        version=household.version,
        registered_at=household.created_on,
        updated_at=household.modified_on,
    )


def household_row(row: dict[str, Any]) -> HouseholdRow:
    """The HouseholdRow of a `household` row as the database driver gives it."""
    return HouseholdRow(
        household_id=row["household_id"],
        guardians=tuple(
            Guardian(g["full_name"], g["phone"], g["relation"]) for g in row["guardians"]
        ),
        address=Address(row["region"], row["district"], row["mahalla"], row["address_line"]),
        members=tuple(
            Member(m["full_name"], _day(m["birth_date"]), m["relation"]) for m in row["members"]
        ),
        erased=row["erased"],
        version=row["version"],
        registered_at=row["registered_at"],
        updated_at=row["updated_at"],
    )


def masked_household(row: HouseholdRow, masks: FieldMasks) -> HouseholdRow:
    """The household with its guardians' phones masked as the caller sees a guardian's phone."""
    if not masks.masked:
        return row
    return dataclasses.replace(
        row,
        guardians=tuple(dataclasses.replace(g, phone=masks.phone(g.phone)) for g in row.guardians),
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
