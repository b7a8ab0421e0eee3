from __future__ import annotations

from datetime import date

from baxt.domain.errors import InvalidPinfl
from baxt.domain.values import Sex

_CENTURY_BY_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}
_ICAO_WEIGHTS = (7, 3, 1)
_FIELD = ("child", "personal_id")


def validate_pinfl(
    pinfl: str, birth_date: date, sex: Sex, *, verify_check_digit: bool = False
) -> str:
    """Checks a PINFL (JShShIR) against the child's birth date and sex; returns it unchanged.

    The 14 digits are: sex and century, birth date as DDMMYY, a 3-digit district
    code, a 3-digit serial and a check digit. The check-digit rule is not
    published, so it is verified (ICAO 9303 7-3-1) only when asked to.
    """
    if len(pinfl) != 14 or not pinfl.isascii() or not pinfl.isdigit():
        raise InvalidPinfl("a PINFL is exactly 14 digits", _FIELD)
    if _CENTURY_BY_DIGIT.get(int(pinfl[0])) is None:
        raise InvalidPinfl("the first PINFL digit must be 1 to 6", _FIELD)
    if embedded_birth_date(pinfl) != birth_date:
        raise InvalidPinfl("the PINFL's birth date does not match the child's", _FIELD)
    if embedded_sex(pinfl) != sex:
        raise InvalidPinfl("the PINFL's sex digit does not match the child's sex", _FIELD)
    if verify_check_digit and icao_check_digit(pinfl[:13]) != int(pinfl[13]):
        raise InvalidPinfl("the PINFL's check digit is wrong", _FIELD)
    return pinfl


def icao_check_digit(digits: str) -> int:
    """The ICAO 9303 check digit: weights 7, 3, 1 repeating, sum modulo 10."""
    return sum(int(d) * _ICAO_WEIGHTS[i % 3] for i, d in enumerate(digits)) % 10


def embedded_birth_date(pinfl: str) -> date | None:
    """The birth date a well-formed PINFL spells; None when it spells no date."""
    century = _CENTURY_BY_DIGIT.get(int(pinfl[0]))
    if century is None:
        return None
    day, month, year = int(pinfl[1:3]), int(pinfl[3:5]), int(pinfl[5:7])
    try:
        return date(century + year, month, day)
    except ValueError:
        return None


def embedded_sex(pinfl: str) -> Sex:
    """The sex a well-formed PINFL's first digit spells: odd for male, even for female."""
    return Sex.MALE if int(pinfl[0]) % 2 else Sex.FEMALE


def make_pinfl(birth_date: date, sex: Sex, district: int, serial: int) -> str:
    """Builds a PINFL with a valid ICAO check digit, for demos, fixtures and synthetic data."""
    base = 1800 if birth_date.year < 1900 else 1900 if birth_date.year < 2000 else 2000
    first = {1800: 1, 1900: 3, 2000: 5}[base] + (0 if sex is Sex.MALE else 1)
    head = f"{first}{birth_date:%d%m}{birth_date.year % 100:02d}{district:03d}{serial:03d}"
    return head + str(icao_check_digit(head))
