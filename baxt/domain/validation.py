from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from baxt.domain import characters
from baxt.domain.errors import InvalidInput, NotUnder18

_PHONE = re.compile(r"^\+[1-9]\d{7,14}$")
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
_INDICATOR = re.compile(r"^[A-Z][A-Z0-9_]{1,63}$")
SHORT_TEXT = 200
LONG_TEXT = 4000
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
"""No visit, call or plan of the programme lies before this."""
LATEST_DAY = date(2100, 12, 31)
"""No plan's due date lies after this."""
LATEST = datetime.combine(LATEST_DAY, time.max, tzinfo=UTC)
SCHEDULE_AHEAD = timedelta(days=366)
"""How far ahead a visit may be agreed."""


def safe(value: str, field: Sequence[str], *, multiline: bool = False) -> str:
    """The value unchanged; INVALID_INPUT when it holds a character no text may hold (NUL,
    another control character, a lone surrogate, a bidirectional override), or, unless
    `multiline`, a line break or tab. See `baxt.domain.characters`."""
    unsafe = characters.unsafe_character(value, multiline=multiline)
    if unsafe is not None:
        raise InvalidInput(f"{field[-1]} must not hold {unsafe}", field)
    return value


def text(
    value: str,
    field: Sequence[str],
    *,
    required: bool = True,
    limit: int = SHORT_TEXT,
    multiline: bool = False,
) -> str:
    """The value with surrounding blanks removed, refused when it holds a character no text
    may hold (`safe`), when empty or only invisible characters (if required), or too long."""
    cleaned = value.strip()
    if multiline:
        cleaned = characters.with_plain_newlines(cleaned)
    safe(cleaned, field, multiline=multiline)
    if required and not characters.has_visible(cleaned):
        raise InvalidInput(f"{field[-1]} must not be empty", field)
    if len(cleaned) > limit:
        raise InvalidInput(f"{field[-1]} must be at most {limit} characters", field)
    return cleaned


def note(value: str, field: Sequence[str], *, required: bool = False) -> str:
    """A free text of several lines (a note, observations, a reason), up to LONG_TEXT."""
    return text(value, field, required=required, limit=LONG_TEXT, multiline=True)


def name(value: str, field: Sequence[str]) -> str:
    """A name of a person, organisation or place: one line, holding at least one letter."""
    cleaned = text(value, field)
    if not characters.has_letter(cleaned):
        raise InvalidInput(f"{field[-1]} must hold a letter", field)
    return cleaned


def optional(value: str | None, field: Sequence[str]) -> str | None:
    """An optional one-line value (an ID, a code): None stays None, any text must be `safe`."""
    return None if value is None else safe(value, field)


def phone(value: str, field: Sequence[str]) -> str:
    """An international phone number (E.164, e.g. +998901234567); spaces and dashes are dropped."""
    cleaned = _PHONE_SEPARATORS.sub("", value)
    if not _PHONE.fullmatch(cleaned):
        raise InvalidInput(
            "a phone number must be in international form, e.g. +998901234567", field
        )
    return cleaned


def indicators(codes: Iterable[str], field: Sequence[str]) -> tuple[str, ...]:
    """Indicator codes, upper-case with underscores, each once, in the order given."""
    seen: dict[str, None] = {}
    for code in codes:
        if not _INDICATOR.fullmatch(code):
            raise InvalidInput(f"not an indicator code: {code!r}", field)
        seen[code] = None
    return tuple(seen)


def aware(moment: datetime, field: Sequence[str]) -> datetime:
    """Refuses a date-time without a timezone, since quarters and due dates depend on it."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(f"{field[-1]} needs a timezone offset", field)
    return moment


def moment_between(moment: datetime, field: Sequence[str], *, latest: datetime) -> datetime:
    """An aware date-time from 2000 (`EARLIEST`) up to `latest`; INVALID_INPUT otherwise, so
    that no year-1 or year-9999 time, which no calendar sum can handle, is ever stored."""
    aware(moment, field)
    if moment < EARLIEST:
        raise InvalidInput(f"{field[-1]} must not be before {EARLIEST.year}", field)
    if moment > latest:
        raise InvalidInput(f"{field[-1]} is too far in the future", field)
    return moment


def day_between(day: date, field: Sequence[str]) -> date:
    """A date from 2000 to 2100 (`EARLIEST`, `LATEST_DAY`); INVALID_INPUT otherwise."""
    if not EARLIEST.date() <= day <= LATEST_DAY:
        raise InvalidInput(
            f"{field[-1]} must lie between {EARLIEST.year} and {LATEST_DAY.year}", field
        )
    return day


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
