from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from baxt.domain.errors import InvalidInput, NotUnder18

_PHONE = re.compile(r"^\+[1-9]\d{7,14}$")
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
_INDICATOR = re.compile(r"^[A-Z][A-Z0-9_]{1,63}$")
SHORT_TEXT = 200
LONG_TEXT = 4000


def text(
    value: str, field: Sequence[str], *, required: bool = True, limit: int = SHORT_TEXT
) -> str:
    """The value with surrounding blanks removed, refused when empty (if required) or too long."""
    cleaned = value.strip()
    if required and not cleaned:
        raise InvalidInput(f"{field[-1]} must not be empty", field)
    if len(cleaned) > limit:
        raise InvalidInput(f"{field[-1]} must be at most {limit} characters", field)
    return cleaned


def phone(value: str, field: Sequence[str]) -> str:
    """An international phone number (E.164, e.g. +998901234567); spaces and dashes are dropped."""
    cleaned = _PHONE_SEPARATORS.sub("", value)
    if not _PHONE.match(cleaned):
        raise InvalidInput(
            "a phone number must be in international form, e.g. +998901234567", field
        )
    return cleaned


def indicators(codes: Iterable[str], field: Sequence[str]) -> tuple[str, ...]:
    """Indicator codes, upper-case with underscores, each once, in the order given."""
    seen: dict[str, None] = {}
    for code in codes:
        if not _INDICATOR.match(code):
            raise InvalidInput(f"not an indicator code: {code!r}", field)
        seen[code] = None
    return tuple(seen)


def aware(moment: datetime, field: Sequence[str]) -> datetime:
    """Refuses a date-time without a timezone, since quarters and due dates depend on it."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(f"{field[-1]} needs a timezone offset", field)
    return moment


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def require_under_18(birth_date: date, day: date) -> None:
    if birth_date > day:
        raise InvalidInput("the birth date is in the future", ("child", "birth_date"))
    if age_on(birth_date, day) >= 18:
        raise NotUnder18(
            f"the child is {age_on(birth_date, day)} on {day.isoformat()};"
            " cases are for children under 18",
            ("child", "birth_date"),
        )
