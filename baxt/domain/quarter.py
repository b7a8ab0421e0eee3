from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

TASHKENT = ZoneInfo("Asia/Tashkent")
_PATTERN = re.compile(r"(\d{4})-Q([1-4])")


@dataclass(frozen=True, order=True)
class Quarter:
    """A programme quarter: Q1 is January to March, Q4 October to December."""

    year: int
    number: int

    @classmethod
    def containing(cls, moment: datetime) -> Quarter:
        """The quarter that holds `moment` on the Asia/Tashkent calendar."""
        local = moment.astimezone(TASHKENT)
        return cls(local.year, (local.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = _PATTERN.fullmatch(text)
        if match is None:
            raise ValueError(f"not a quarter like 2026-Q4: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        following = self.next()
        return date(following.year, 3 * following.number - 2, 1) - timedelta(days=1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


def local_date(moment: datetime) -> date:
    """The calendar day of `moment` in Asia/Tashkent."""
    return moment.astimezone(TASHKENT).date()
