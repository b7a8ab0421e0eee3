"""The age bands the figures break children down by, at the flag that opened their episode."""

from __future__ import annotations

from datetime import date
from enum import Enum


class AgeBand(Enum):
    """A child's age in whole years, in the bands the programme reports."""

    AGE_0_2 = "AGE_0_2"
    AGE_3_5 = "AGE_3_5"
    AGE_6_11 = "AGE_6_11"
    AGE_12_17 = "AGE_12_17"
    OTHER = "OTHER"


BAND_FLOORS: tuple[tuple[int, AgeBand], ...] = (
    (18, AgeBand.OTHER),
    (12, AgeBand.AGE_12_17),
    (6, AgeBand.AGE_6_11),
    (3, AgeBand.AGE_3_5),
    (0, AgeBand.AGE_0_2),
)
"""Each band's lowest age, oldest first; an age below 0 (a birth date after the flag) is OTHER."""


def years_between(born: date, on: date) -> int:
    """Whole years of age on `on` for a child born on `born` (a 29 February birthday is
    reached on 1 March in a common year)."""
    before_birthday = (on.month, on.day) < (born.month, born.day)
    return on.year - born.year - (1 if before_birthday else 0)


def age_band(born: date, on: date) -> AgeBand:
    """The band of a child born on `born`, on the day `on`."""
    years = years_between(born, on)
    for floor, band in BAND_FLOORS:
        if years >= floor:
            return band
    return AgeBand.OTHER
