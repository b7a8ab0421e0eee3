from __future__ import annotations

from datetime import date

import pytest

from baxt.domain.errors import InvalidInput, InvalidPinfl
from baxt.domain.pinfl import icao_check_digit, make_pinfl, validate_pinfl
from baxt.domain.values import Sex

BORN = date(2015, 3, 4)
MALE_2015 = "50403150123457"  # sex/century 5, born 04-03-15, district 012, serial 345


def _with_check_digit(head: str) -> str:
    return head + str(icao_check_digit(head))


def test_a_built_pinfl_passes_every_check_including_the_check_digit() -> None:
    pinfl = make_pinfl(BORN, Sex.MALE, district=12, serial=345)

    assert validate_pinfl(pinfl, BORN, Sex.MALE, verify_check_digit=True) == pinfl


def test_a_built_pinfl_carries_sex_century_birth_date_district_and_serial() -> None:
    assert make_pinfl(BORN, Sex.MALE, district=12, serial=345) == MALE_2015


@pytest.mark.parametrize(
    ("birth_date", "sex", "first_digit"),
    [
        (date(1899, 12, 31), Sex.MALE, "1"),
        (date(1899, 12, 31), Sex.FEMALE, "2"),
        (date(1990, 1, 15), Sex.MALE, "3"),
        (date(1990, 1, 15), Sex.FEMALE, "4"),
        (date(2000, 1, 1), Sex.MALE, "5"),
        (date(2012, 2, 29), Sex.FEMALE, "6"),
    ],
)
def test_the_first_digit_says_the_sex_and_the_century_of_birth(
    birth_date: date, sex: Sex, first_digit: str
) -> None:
    pinfl = make_pinfl(birth_date, sex, district=1, serial=1)

    assert pinfl[0] == first_digit
    assert validate_pinfl(pinfl, birth_date, sex, verify_check_digit=True) == pinfl


@pytest.mark.parametrize(
    "pinfl",
    ["5040315012345", "504031501234545", "5040315012345A", "", " 50403150123454"],
    ids=["13-digits", "15-digits", "a-letter", "empty", "leading-blank"],
)
def test_anything_but_exactly_14_digits_is_refused(pinfl: str) -> None:
    with pytest.raises(InvalidPinfl, match="14 digits") as refused:
        validate_pinfl(pinfl, BORN, Sex.MALE)

    assert refused.value.code == "INVALID_PINFL"
    assert refused.value.field == ("child", "personal_id")


def test_digits_from_other_scripts_are_refused() -> None:
    arabic_indic = "٥٠٤٠٣١٥٠١٢٣٤٥٤"

    with pytest.raises(InvalidPinfl):
        validate_pinfl(arabic_indic, BORN, Sex.MALE)


@pytest.mark.parametrize("first", ["0", "7", "8", "9"])
def test_a_first_digit_outside_1_to_6_is_refused(first: str) -> None:
    with pytest.raises(InvalidPinfl, match="first PINFL digit"):
        validate_pinfl(first + MALE_2015[1:], BORN, Sex.MALE)


def test_an_invalid_pinfl_is_also_an_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        validate_pinfl("1", BORN, Sex.MALE)


def test_a_pinfl_whose_birth_date_is_another_day_is_refused() -> None:
    with pytest.raises(InvalidPinfl, match="birth date"):
        validate_pinfl(MALE_2015, date(2015, 3, 5), Sex.MALE)


def test_a_pinfl_of_the_wrong_century_is_refused() -> None:
    born_1915 = "3" + MALE_2015[1:]

    with pytest.raises(InvalidPinfl, match="birth date"):
        validate_pinfl(born_1915, BORN, Sex.MALE)


def test_a_pinfl_with_an_impossible_birth_date_is_refused() -> None:
    thirty_first_of_february = _with_check_digit("5310215012345")

    with pytest.raises(InvalidPinfl, match="birth date"):
        validate_pinfl(thirty_first_of_february, date(2015, 2, 28), Sex.MALE)


@pytest.mark.parametrize(
    ("first", "sex"), [("5", Sex.FEMALE), ("6", Sex.MALE)], ids=["odd-is-male", "even-is-female"]
)
def test_a_pinfl_whose_sex_digit_disagrees_with_the_child_is_refused(first: str, sex: Sex) -> None:
    with pytest.raises(InvalidPinfl, match="sex"):
        validate_pinfl(first + MALE_2015[1:], BORN, sex)


def test_a_wrong_check_digit_is_accepted_when_verification_is_off() -> None:
    wrong = MALE_2015[:13] + "0"

    assert validate_pinfl(wrong, BORN, Sex.MALE) == wrong


def test_a_wrong_check_digit_is_refused_when_verification_is_on() -> None:
    wrong = MALE_2015[:13] + "0"

    with pytest.raises(InvalidPinfl, match="check digit"):
        validate_pinfl(wrong, BORN, Sex.MALE, verify_check_digit=True)


@pytest.mark.parametrize(("digits", "check"), [("740812", 2), ("120415", 9), ("", 0)])
def test_the_check_digit_follows_the_icao_7_3_1_examples(digits: str, check: int) -> None:
    assert icao_check_digit(digits) == check
