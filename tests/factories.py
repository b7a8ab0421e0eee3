"""Children and households for tests: valid, and unique per call."""

from __future__ import annotations

import itertools
import secrets
from datetime import UTC, date, datetime, timedelta

from baxt.domain.pinfl import make_pinfl
from baxt.domain.values import Child, Household, Sex

_serials = itertools.count(secrets.randbelow(500_000))


def child(years: int = 7, sex: Sex = Sex.FEMALE, name: str = "Madina Karimova") -> Child:
    """A child of `years` today, with a PINFL no other call returns in this run."""
    n = next(_serials)
    born = date.today() - timedelta(days=365 * years + 40 + n % 200)
    return Child(make_pinfl(born, sex, n // 1000 % 1000, n % 1000), name, born, sex)


def household(region: str = "Toshkent shahri", mahalla: str = "Bunyodkor") -> Household:
    return Household("Karimova Dilnoza", "+998901234567", region, "Chilonzor", mahalla)


def hours_ago(hours: float) -> datetime:
    return datetime.now(UTC) - timedelta(hours=hours)
