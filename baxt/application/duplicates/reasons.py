"""Why two cases may be one child's, and how strongly their reasons say so."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class DuplicateReason(Enum):
    """One reason two cases may be one child's."""

    SAME_PINFL = "SAME_PINFL"
    PINFL_ONE_DIGIT_OFF = "PINFL_ONE_DIGIT_OFF"
    NAME_MATCH = "NAME_MATCH"
    BIRTH_DATE_EXACT = "BIRTH_DATE_EXACT"
    BIRTH_DATE_NEAR = "BIRTH_DATE_NEAR"
    SAME_MAHALLA = "SAME_MAHALLA"
    SAME_DISTRICT = "SAME_DISTRICT"


WEIGHTS = {
    DuplicateReason.SAME_PINFL: 50,
    DuplicateReason.PINFL_ONE_DIGIT_OFF: 35,
    DuplicateReason.NAME_MATCH: 25,
    DuplicateReason.BIRTH_DATE_EXACT: 20,
    DuplicateReason.BIRTH_DATE_NEAR: 10,
    DuplicateReason.SAME_MAHALLA: 10,
    DuplicateReason.SAME_DISTRICT: 5,
}
"""How much each reason adds to a candidate's score (at most 100)."""


@dataclass(frozen=True)
class SharedKeys:
    """What two cases' match keys share: name tokens (and how many each name has), the
    PINFL or one of its one-digit variants, the birth date or a date near it; and whether
    they lie in one mahalla or one district."""

    names: int
    my_names: int
    their_names: int
    same_pinfl: bool
    pinfl_near: bool
    born: bool
    born_near: bool
    same_mahalla: bool
    same_district: bool

    @property
    def name_match(self) -> bool:
        """Two tokens shared, or every token of a one-token name."""
        shortest = min(self.my_names, self.their_names)
        return self.names > 0 and self.names >= min(2, shortest)


def reasons_of(shared: SharedKeys) -> tuple[DuplicateReason, ...]:
    """The reasons, when they are enough to propose the pair; empty otherwise.

    A PINFL one digit off is proposed only with a name that matches as well (children born
    on one day in one district have PINFLs that often differ in one digit), and a name only
    with a birth date that matches or is near.
    """
    name = shared.name_match
    one_off = shared.pinfl_near and not shared.same_pinfl
    if not (
        shared.same_pinfl or (one_off and name) or (name and (shared.born or shared.born_near))
    ):
        return ()
    found = {
        DuplicateReason.SAME_PINFL: shared.same_pinfl,
        DuplicateReason.PINFL_ONE_DIGIT_OFF: one_off,
        DuplicateReason.NAME_MATCH: name,
        DuplicateReason.BIRTH_DATE_EXACT: shared.born,
        DuplicateReason.BIRTH_DATE_NEAR: shared.born_near and not shared.born,
        DuplicateReason.SAME_MAHALLA: shared.same_mahalla,
        DuplicateReason.SAME_DISTRICT: shared.same_district and not shared.same_mahalla,
    }
    return tuple(reason for reason, holds in found.items() if holds)


def score_of(reasons: tuple[DuplicateReason, ...]) -> int:
    """The reasons' weights added up, at most 100."""
    return min(100, sum(WEIGHTS[reason] for reason in reasons))
