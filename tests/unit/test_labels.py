"""Every enum a user sees has a name in each of the five languages, and a frontend can ask for
it; the schema is walked as built, so an enum added later fails here until it is labelled."""

from __future__ import annotations

import re

import pytest
from graphql import GraphQLEnumType

from baxt.application.access.principal import Role
from baxt.domain.labels import LABELS, OUTSIDE_THE_SCHEMA, label, labels_in
from baxt.domain.languages import LANGUAGES, Language
from baxt.domain.values import OverdueLevel
from baxt.graphql.core.languages import accepted_language
from baxt.graphql.schema import schema
from baxt.workers.concern_templates import REPORT_HANDLED
from baxt.workers.templates import TEMPLATES

SAME_IN_EVERY_LANGUAGE: frozenset[tuple[str, str]] = frozenset()
"""(enum, value) pairs whose one word is genuinely the same in all five languages: none yet."""

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")
CYRILLIC_LANGUAGES = {"uz-Cyrl", "ru", "kk"}


def _schema_enums() -> dict[str, list[str]]:
    return {
        name: list(kind.values)
        for name, kind in schema._schema.type_map.items()
        if isinstance(kind, GraphQLEnumType) and not name.startswith("__")
    }


def _every_label() -> list[tuple[str, str, str, str]]:
    return [
        (enum, value, language, text)
        for enum, table in LABELS.items()
        for value, texts in table.items()
        for language, text in zip(LANGUAGES, texts, strict=True)
    ]


@pytest.mark.parametrize("enum", sorted(_schema_enums()))
def test_every_value_of_every_enum_of_the_schema_has_labels(enum: str) -> None:
    assert enum in LABELS, f"label {enum} in baxt/domain/labels/"
    assert list(LABELS[enum]) == _schema_enums()[enum]


def test_only_the_enums_named_outside_the_schema_have_labels_the_schema_lacks() -> None:
    assert set(LABELS) - set(_schema_enums()) == OUTSIDE_THE_SCHEMA


def test_the_enums_outside_the_schema_have_every_value_the_system_uses() -> None:
    assert set(LABELS["NotificationKind"]) == set(TEMPLATES) | {REPORT_HANDLED}
    assert list(LABELS["OverdueLevel"]) == [level.value for level in OverdueLevel]
    assert list(LABELS["Role"]) == [role.value for role in Role]


def test_no_label_is_empty_or_padded() -> None:
    bad = [row for row in _every_label() if not row[3] or row[3] != row[3].strip()]
    assert bad == []


def test_no_label_is_the_same_in_every_language_but_the_listed_ones() -> None:
    same = {
        (enum, value)
        for enum, table in LABELS.items()
        for value, texts in table.items()
        if len(set(texts)) == 1
    }
    assert same == SAME_IN_EVERY_LANGUAGE


def test_each_label_is_written_in_its_language_s_script() -> None:
    """An English word copied into the Russian column, or a Latin letter into Cyrillic, fails."""
    wrong = [
        row
        for row in _every_label()
        if (row[2] in CYRILLIC_LANGUAGES and (LATIN.search(row[3]) or "'" in row[3]))
        or (row[2] not in CYRILLIC_LANGUAGES and CYRILLIC.search(row[3]))
    ]
    assert wrong == []


def test_uzbek_cyrillic_writes_the_letters_latin_spells_with_an_apostrophe() -> None:
    for table in LABELS.values():
        for latin, cyrillic, *_ in table.values():
            if "o'" in latin.lower():
                assert "ў" in cyrillic.lower(), cyrillic
            if "g'" in latin.lower():
                assert "ғ" in cyrillic.lower(), cyrillic


def test_labels_are_listed_in_the_language_asked_for() -> None:
    statuses = labels_in(Language.RU, "CaseStatus")

    assert [found.value for found in statuses][:2] == ["FLAGGED", "CONTACTED"]
    assert {found.enum for found in statuses} == {"CaseStatus"}
    assert statuses[-1].label == "Закрыто"
    assert label("CaseStatus", "CLOSED", Language.UZ_CYRL) == "Ёпилган"
    assert len(labels_in(Language.EN)) == sum(len(table) for table in LABELS.values())


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ru", Language.RU),
        ("ru-RU,ru;q=0.9,en;q=0.8", Language.RU),
        ("uz", Language.UZ_LATN),
        ("uz-UZ", Language.UZ_LATN),
        ("uz-Latn-UZ", Language.UZ_LATN),
        ("uz-Cyrl", Language.UZ_CYRL),
        ("UZ-CYRL-UZ", Language.UZ_CYRL),
        ("kk-KZ", Language.KK),
        ("de, en-GB;q=0.5", Language.EN),
        ("en;q=0.3, kk;q=0.7", Language.KK),
        ("ru;q=0, en", Language.EN),
        ("ru;q=abc, en;q=0.1", Language.EN),
        ("de, fr", None),
        ("*", None),
        ("", None),
        (None, None),
    ],
)
def test_accept_language_picks_the_best_language_baxt_speaks(
    header: str | None, language: Language | None
) -> None:
    assert accepted_language(header) is language
