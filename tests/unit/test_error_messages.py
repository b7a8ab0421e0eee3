"""Every stable code a refusal can carry has its sentence in the five languages, each in its
language's script; English keeps the error's own message, and `Accept-Language` chooses."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import baxt
from baxt.domain.errors import DomainError, WorkPlanRequired
from baxt.domain.labels.errors import ERROR_MESSAGES, error_message
from baxt.domain.languages import LANGUAGES, Language
from baxt.graphql.core.languages import accepted_language
from baxt.graphql.core.user_errors import INVALID_INPUT

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")
CODE_LITERAL = re.compile(r'\bcode="([A-Z_]+)"')


def _subclasses(kind: type[DomainError]) -> Iterator[type[DomainError]]:
    for sub in kind.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _domain_codes() -> set[str]:
    for module in pkgutil.walk_packages(baxt.__path__, "baxt."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    kinds: list[type[DomainError]] = [DomainError, *_subclasses(DomainError)]
    return {kind.code for kind in kinds}


def _graphql_codes() -> set[str]:
    root = Path(baxt.__file__).parent / "graphql"
    found = {INVALID_INPUT}
    for path in root.rglob("*.py"):
        found |= set(CODE_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_code_of_a_domain_error_and_of_the_graphql_layer_has_its_sentences() -> None:
    codes = _domain_codes() | _graphql_codes()

    assert "WORK_PLAN_REQUIRED" in codes
    assert codes <= set(ERROR_MESSAGES), sorted(codes - set(ERROR_MESSAGES))


@pytest.mark.parametrize("code", sorted(ERROR_MESSAGES))
def test_each_sentence_is_written_in_its_language_s_script(code: str) -> None:
    sentences = ERROR_MESSAGES[code]

    assert len(sentences) == len(LANGUAGES)
    assert len(set(sentences)) == len(LANGUAGES)
    for language, text in zip(LANGUAGES, sentences, strict=True):
        assert text == text.strip()
        assert text
        script = CYRILLIC if language in {"uz-Cyrl", "ru", "kk"} else LATIN
        other = LATIN if script is CYRILLIC else CYRILLIC
        assert script.search(text), (code, language)
        assert not other.search(text.replace("HTTPS", "")), (code, language)


def test_english_keeps_the_error_s_own_message_and_the_others_read_the_code_s() -> None:
    error = WorkPlanRequired("a consultation of case 7 needs a plan", ("plan",))

    assert error_message(error.code, Language.EN, error.message) == error.message
    assert error_message(error.code, Language.RU, error.message) == (
        "Для консультации нужен план работы хотя бы с одной целью."  # noqa: RUF001
    )
    assert error_message("NO_SUCH_CODE", Language.KK, "as said") == "as said"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ru", Language.RU),
        ("uz-Cyrl", Language.UZ_CYRL),
        ("uz", Language.UZ_LATN),
        ("kk;q=0.9, en;q=0.1", Language.KK),
        ("de-DE, en;q=0.5, ru;q=0.7", Language.RU),
        ("fr", None),
        (";;=garbage,,", None),
        (None, None),
    ],
)
def test_the_accept_language_header_picks_the_best_language_baxt_speaks(
    header: str | None, language: Language | None
) -> None:
    assert accepted_language(header) is language
