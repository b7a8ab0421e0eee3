"""The age bands of the figures: whole years at the flag, in the programme's bands."""

from __future__ import annotations

from datetime import date

import pytest

from baxt.domain.monitoring.bands import AgeBand, age_band

FLAG_DAY = date(2026, 10, 15)


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2026, 10, 15), AgeBand.AGE_0_2),
        (date(2023, 10, 16), AgeBand.AGE_0_2),  # three tomorrow
        (date(2023, 10, 15), AgeBand.AGE_3_5),
        (date(2020, 10, 16), AgeBand.AGE_3_5),
        (date(2020, 10, 15), AgeBand.AGE_6_11),
        (date(2014, 10, 15), AgeBand.AGE_12_17),
        (date(2008, 10, 16), AgeBand.AGE_12_17),
        (date(2008, 10, 15), AgeBand.OTHER),
        (date(2026, 10, 16), AgeBand.OTHER),  # a birth date after the flag
    ],
)
def test_a_child_is_in_the_band_of_their_whole_years_on_the_flag_day(
    born: date, band: AgeBand
) -> None:
    assert age_band(born, FLAG_DAY) is band


def test_a_29_february_birthday_is_reached_on_1_march_in_a_common_year() -> None:
    born = date(2020, 2, 29)

    assert (age_band(born, date(2023, 2, 28)), age_band(born, date(2023, 3, 1))) == (
        AgeBand.AGE_0_2,
        AgeBand.AGE_3_5,
    )
