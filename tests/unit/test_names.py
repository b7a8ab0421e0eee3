"""One form of a name across Uzbek Latin, Uzbek Cyrillic and Russian spellings."""

from __future__ import annotations

import pytest

from baxt.domain.names import name_tokens, normalised_name

SAME_NAME = [
    ("Yusufova Dilnoza Shuxrat qizi", "Юсуфова Дилноза Шухрат қизи"),
    ("Yusufova Dilnoza Shuxrat qizi", "Юсуфова Дильноза Шухратовна"),
    ("Karimov Jasur Akmal oʻgʻli", "Каримов Жасур Акмалович"),
    ("Dilnoza", "Дильноза"),
    ("Shuxrat", "Шухрат"),
    ("Shukhrat", "Shuxrat"),
    ("Xurshida", "Хуршида"),
    ("Khurshida", "Xurshida"),
    ("Yusufov", "Юсуфов"),
    ("Yusufova", "Yusufov"),
    ("Oʻtkir", "O'tkir"),
    ("O`tkir", "Ўткир"),
    ("O‘tkir", "Уткир"),
    ("Gʻayrat", "Ғайрат"),
    ("Gayrat", "Ғайрат"),
    ("Qodirov", "Кадыров"),
    ("Qodirova", "Қодирова"),
    ("Hasan", "Ҳасан"),
    ("Xasan", "Хасан"),
    ("Алёна", "Алена"),
    ("Ёқуб", "Yoqub"),
    ("Ilyos", "Ильяс"),
    ("Aliyeva", "Алиева"),
    ("Jo‘rayev", "Жўраев"),
    ("Muhammad", "Мухаммад"),
    ("Muhamad", "Muhammad"),
    ("Oybek", "Айбек"),
    ("Jamshid", "Джамшид"),
    ("Nodira", "Нодира"),
    ("Zuxra", "Зухра"),
    ("Ergash", "Эргаш"),
    ("Elena", "Елена"),
    ("To'xtasinov", "Тухтасинов"),
    ("Sharipova Mohira", "ШАРИПОВА  МОҲИРА"),
]


@pytest.mark.parametrize(("one", "other"), SAME_NAME)
def test_spellings_of_one_name_fold_to_one_form(one: str, other: str) -> None:
    assert name_tokens(one) == name_tokens(other)


DIFFERENT_NAMES = [
    ("Dilnoza", "Dilfuza"),
    ("Jasur", "Javlon"),
    ("Madina", "Malika"),
    ("Karimov", "Rahimov"),
    ("Sevara", "Sevinch"),
]


@pytest.mark.parametrize(("one", "other"), DIFFERENT_NAMES)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert name_tokens(one) != name_tokens(other)


def test_the_particles_daughter_of_and_son_of_are_no_tokens() -> None:
    assert name_tokens("Shuxrat qizi") == name_tokens("Shuxrat o'g'li") == name_tokens("Shuxrat")


def test_a_feminine_first_name_keeps_its_ending() -> None:
    assert name_tokens("Madina") == ("madina",)


def test_each_token_is_kept_once_in_the_order_written() -> None:
    assert name_tokens("Ali Valiyev Ali") == ("ali", "valiev")


def test_a_name_without_letters_has_no_tokens() -> None:
    assert name_tokens(" - 12 '' ") == ()


def test_the_one_form_is_the_tokens_joined() -> None:
    assert normalised_name("Юсуфова Дильноза") == "yusufav dilnaza"
