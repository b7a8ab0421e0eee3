"""The reporter's closing notice: in every language, it names the report's reference and
nothing else (no case, no link, no child)."""

from __future__ import annotations

from uuid import UUID

import pytest

from baxt.domain.concern import report_reference
from baxt.domain.staff import LANGUAGES
from baxt.workers.concern_templates import render_report_handled

REPORT = UUID("5f2fe3a3-83ad-5089-bfbd-3935d27c66de")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notice_names_the_reference_and_no_case_or_link(language: str) -> None:
    text = render_report_handled(language, REPORT)

    reference = report_reference(REPORT)
    assert reference in text.subject
    assert reference in text.body
    assert "http" not in text.body
    assert "{" not in text.subject + text.body
    assert "5F2FE3A3" not in text.subject + text.body


def test_the_notice_in_an_unknown_language_is_in_english() -> None:
    assert render_report_handled("de", REPORT).subject.startswith("Your report")
