"""What a household record holds: its guardians, its address and its members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Guardian:
    """A parent or guardian of the household's children, and how to reach them."""

    full_name: str
    phone: str
    relation: str = ""


@dataclass(frozen=True)
class Address:
    """Where the household lives: its region, district and mahalla, then the street address."""

    region: str
    district: str
    mahalla: str
    line: str = ""


@dataclass(frozen=True)
class Member:
    """Someone who lives in the household besides its guardians (a child, a grandparent)."""

    full_name: str
    birth_date: date | None = None
    relation: str = ""


HOUSEHOLD_VALUE_TYPES: tuple[type, ...] = (Guardian, Address, Member)
