"""Match keys: blind indexes that let a mistyped PINFL, a near birth date and another
spelling of a name meet, and what reasons their matches give."""

from __future__ import annotations

from datetime import date

from baxt.application.duplicates.reasons import DuplicateReason, SharedKeys, reasons_of, score_of
from baxt.application.pii.master_keys import MasterKeys
from baxt.application.pii.match_keys import MatchKey, MatchKeys, MatchKind
from baxt.domain.personal_data import ERASED

KEYS = MatchKeys.of_master(MasterKeys(b"m" * 32))
PINFL = "61204200001238"


def _shared(one: list[MatchKey], other: list[MatchKey], kind: MatchKind) -> set[bytes]:
    return {k.key for k in one if k.kind is kind} & {k.key for k in other if k.kind is kind}


def test_pinfls_one_digit_apart_share_a_near_key_and_not_the_pinfl_key() -> None:
    one, other = KEYS.of_pinfl(PINFL), KEYS.of_pinfl(PINFL[:-1] + "9")

    assert len(_shared(one, other, MatchKind.PINFL_NEAR)) == 1
    assert not _shared(one, other, MatchKind.PINFL)


def test_pinfls_with_two_neighbouring_digits_swapped_share_a_near_key() -> None:
    swapped = PINFL[:10] + PINFL[11] + PINFL[10] + PINFL[12:]

    assert _shared(KEYS.of_pinfl(PINFL), KEYS.of_pinfl(swapped), MatchKind.PINFL_NEAR)


def test_pinfls_two_digits_apart_share_no_key() -> None:
    other = "7" + PINFL[1:-1] + "9"

    assert not _shared(KEYS.of_pinfl(PINFL), KEYS.of_pinfl(other), MatchKind.PINFL_NEAR)


def test_a_birth_date_is_near_the_days_around_it_and_its_day_month_swap() -> None:
    born = KEYS.of_birth_date(date(2019, 3, 5))
    exact = {k.key for k in born if k.kind is MatchKind.BORN}

    def near(day: date) -> bool:
        theirs = {k.key for k in KEYS.of_birth_date(day) if k.kind is MatchKind.BORN_NEAR}
        return bool(exact & theirs)

    assert near(date(2019, 3, 8))
    assert near(date(2019, 3, 2))
    assert near(date(2019, 5, 3))
    assert not near(date(2019, 3, 9))


def test_two_spellings_of_a_name_share_every_token_key() -> None:
    latin, russian = KEYS.of_name("Yusufova Dilnoza"), KEYS.of_name("Юсуфова Дильноза")

    assert len(_shared(latin, russian, MatchKind.NAME)) == 2


def test_keys_depend_on_the_installation_s_key() -> None:
    other = MatchKeys.of_master(MasterKeys(b"n" * 32))

    assert not _shared(KEYS.of_name("Dilnoza"), other.of_name("Dilnoza"), MatchKind.NAME)


def test_an_erased_name_or_pinfl_has_no_keys() -> None:
    assert KEYS.of_name(ERASED) == []
    assert KEYS.of_pinfl(ERASED) == []


def _keys(**given: object) -> SharedKeys:
    base: dict[str, object] = {
        "names": 0,
        "my_names": 3,
        "their_names": 3,
        "same_pinfl": False,
        "pinfl_near": False,
        "born": False,
        "born_near": False,
        "same_mahalla": False,
        "same_district": True,
    }
    return SharedKeys(**(base | given))  # type: ignore[arg-type]


def test_a_mistyped_pinfl_with_the_name_is_proposed_with_its_reasons() -> None:
    reasons = reasons_of(_keys(names=3, pinfl_near=True, born=True))

    assert reasons == (
        DuplicateReason.PINFL_ONE_DIGIT_OFF,
        DuplicateReason.NAME_MATCH,
        DuplicateReason.BIRTH_DATE_EXACT,
        DuplicateReason.SAME_DISTRICT,
    )
    assert score_of(reasons) == 85


def test_a_pinfl_one_digit_off_without_the_name_is_not_proposed() -> None:
    assert reasons_of(_keys(pinfl_near=True, born=True, names=1)) == ()


def test_a_name_with_no_birth_date_near_is_not_proposed() -> None:
    assert reasons_of(_keys(names=3)) == ()


def test_a_one_token_name_matches_when_its_token_does() -> None:
    assert DuplicateReason.NAME_MATCH in reasons_of(_keys(names=1, my_names=1, born_near=True))
