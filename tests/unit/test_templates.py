from __future__ import annotations

from uuid import UUID

import pytest

from baxt.domain.staff import LANGUAGES
from baxt.workers.templates import TEMPLATES, render

CASE = UUID("5f2fe3a3-83ad-5089-bfbd-3935d27c66de")


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_exists_in_every_language_with_the_case_reference_and_link(
    kind: str, language: str
) -> None:
    text = render(kind, language, CASE, "https://baxt.example.uz/")

    assert "5F2FE3A3" in text.subject
    assert "https://baxt.example.uz/cases/5F2FE3A3" in text.body
    assert "{" not in text.subject + text.body


def test_an_unknown_language_falls_back_to_english() -> None:
    assert render("SAFETY_CONCERN", "de", CASE, "https://x").subject.startswith("Urgent")
