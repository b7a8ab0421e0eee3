"""The inputs of the household mutations."""

from __future__ import annotations

import datetime as dt

import strawberry


@strawberry.input
class GuardianInput:
    full_name: str
    phone: str = strawberry.field(description="International form, e.g. +998901234567.")
    relation: str = strawberry.field(default="", description="e.g. mother, grandmother.")


@strawberry.input
class HouseholdAddressInput:
    region: str
    district: str
    mahalla: str
    line: str = strawberry.field(default="", description="The street address.")


@strawberry.input
class HouseholdMemberInput:
    full_name: str
    birth_date: dt.date | None = None
    relation: str = ""


@strawberry.input
class RegisterHouseholdInput:
    guardians: list[GuardianInput] = strawberry.field(description="One to four guardians.")
    address: HouseholdAddressInput
    members: list[HouseholdMemberInput] = strawberry.field(default_factory=list)
    case_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="The children's cases to link to it at once, each by its own rules.",
    )


@strawberry.input
class LinkCaseToHouseholdInput:
    household_id: strawberry.ID
    case_id: strawberry.ID


@strawberry.input
class HouseholdVisitChildInput:
    case_id: strawberry.ID
    child_seen: bool
    observations: str = ""
    safety_concern: bool = False


@strawberry.input
class RecordHouseholdVisitInput:
    household_id: strawberry.ID
    visited_at: dt.datetime
    guardian_present: bool
    children: list[HouseholdVisitChildInput] = strawberry.field(
        description="Each child the visit was for, at most one entry a case."
    )
