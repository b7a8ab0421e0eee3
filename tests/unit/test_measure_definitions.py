"""The measures' definitions: one for every measure of the README's measure table, in every
language, and the export's Definitions sheet gives them."""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import load_workbook

from baxt.application.monitoring.exports import definitions, figures_xlsx
from baxt.application.monitoring.rows import FigurePlace, Figures, PlaceFigures
from baxt.domain.labels.definitions import MEASURE_DEFINITION
from baxt.domain.languages import LANGUAGES, Language
from baxt.domain.monitoring.measures import Measure, PlaceLevel

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
_NAMED = re.compile(r"`([A-Z][A-Z0-9_]*)`")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _readme_measures() -> set[str]:
    lines = README.splitlines()
    start = lines.index("| measure | counts the children who, in the quarter, … |")
    found: set[str] = set()
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        found |= set(_NAMED.findall(line.split("|")[1]))
    return found


def test_the_readme_table_names_every_measure_and_each_has_a_definition() -> None:
    assert _readme_measures() == {m.value for m in Measure}
    assert set(MEASURE_DEFINITION) == {m.value for m in Measure}


def test_every_definition_is_given_in_every_language_and_says_something_of_its_own() -> None:
    for position, language in enumerate(LANGUAGES):
        texts = [texts[position] for texts in MEASURE_DEFINITION.values()]
        assert all(len(text) > 20 and text.endswith(".") for text in texts), language
        assert len(set(texts)) == len(texts), language
    for given in MEASURE_DEFINITION.values():
        assert len(given) == len(LANGUAGES)
        assert not _CYRILLIC.search(given[0] + given[4])  # the Latin scripts stay Latin
        assert all(_CYRILLIC.search(text) for text in given[1:4])


def test_the_definitions_sheet_gives_each_measure_its_name_and_definition() -> None:
    empty = PlaceFigures(FigurePlace(), {}, {}, {}, None, {})
    figures = Figures("2026-Q3", PlaceLevel.REGION, False, 5, (), empty)

    book = load_workbook(io.BytesIO(figures_xlsx(figures, Language.RU)))

    rows = list(book["Definitions"].iter_rows(values_only=True))
    assert rows[0] == ("measure", "name", "definition")
    assert rows[1:] == list(definitions(Language.RU))
    by_measure = {row[0]: row[2] for row in rows[1:]}
    assert by_measure["FAMILIES_SUPPORTED"] == MEASURE_DEFINITION["FAMILIES_SUPPORTED"][2]
