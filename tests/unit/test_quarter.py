from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from baxt.domain.quarter import Quarter, local_date


@pytest.mark.parametrize(
    ("moment", "quarter"),
    [
        (datetime(2026, 12, 31, 20, 0, tzinfo=UTC), Quarter(2027, 1)),
        (datetime(2026, 12, 31, 18, 59, tzinfo=UTC), Quarter(2026, 4)),
        (datetime(2026, 3, 31, 19, 0, tzinfo=UTC), Quarter(2026, 2)),
        (datetime(2026, 6, 30, 12, 0, tzinfo=UTC), Quarter(2026, 2)),
        (datetime(2026, 9, 30, 19, 0, tzinfo=UTC), Quarter(2026, 4)),
        (datetime(2026, 1, 1, 0, 0, tzinfo=UTC), Quarter(2026, 1)),
    ],
)
def test_the_quarter_of_a_moment_follows_the_tashkent_calendar(
    moment: datetime, quarter: Quarter
) -> None:
    assert Quarter.containing(moment) == quarter


def test_the_local_day_of_a_utc_evening_is_the_next_day_in_tashkent() -> None:
    assert local_date(datetime(2026, 5, 10, 19, 30, tzinfo=UTC)) == date(2026, 5, 11)


def test_a_quarter_reads_back_from_its_text() -> None:
    assert Quarter.parse(str(Quarter(2026, 4))) == Quarter(2026, 4)


def test_a_quarter_is_written_as_year_dash_q_number() -> None:
    assert str(Quarter(2027, 1)) == "2027-Q1"


@pytest.mark.parametrize(
    "text", ["2026-Q5", "2026-Q0", "26-Q1", "2026Q1", "2026-q1", " 2026-Q1", "2026-Q1 "]
)
def test_text_that_is_not_exactly_a_quarter_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a quarter"):
        Quarter.parse(text)


def test_a_quarter_followed_by_a_line_break_is_refused() -> None:
    with pytest.raises(ValueError, match="not a quarter"):
        Quarter.parse("2026-Q4\n")


@pytest.mark.parametrize(
    ("quarter", "first", "last"),
    [
        (Quarter(2028, 1), date(2028, 1, 1), date(2028, 3, 31)),
        (Quarter(2026, 2), date(2026, 4, 1), date(2026, 6, 30)),
        (Quarter(2026, 3), date(2026, 7, 1), date(2026, 9, 30)),
        (Quarter(2026, 4), date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_a_quarter_spans_three_whole_months(quarter: Quarter, first: date, last: date) -> None:
    assert (quarter.first_day, quarter.last_day) == (first, last)


def test_the_quarter_after_q4_is_q1_of_the_next_year() -> None:
    assert Quarter(2026, 4).next() == Quarter(2027, 1)


def test_quarters_sort_in_calendar_order() -> None:
    quarters = [Quarter(2027, 1), Quarter(2026, 4), Quarter(2026, 2)]

    assert sorted(quarters) == [Quarter(2026, 2), Quarter(2026, 4), Quarter(2027, 1)]
