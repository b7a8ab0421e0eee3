"""A quarter's figures as a CSV or an XLSX file: one row per place (and the total) and
measure, with the caller's suppression, and the measures' names in the language asked."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook

from baxt.application.monitoring.rows import Count, Figures, PlaceFigures
from baxt.domain.labels import label
from baxt.domain.labels.definitions import MEASURE_DEFINITION
from baxt.domain.languages import LANGUAGES, Language
from baxt.domain.monitoring.measures import Measure
from baxt.domain.monitoring.suppression import Visibility

HEADER = ("quarter", "region", "district", "mahalla", "measure", "count", "shown")
DEFINITIONS_HEADER = ("measure", "name", "definition")
TOTAL = "TOTAL"


def shown(count: Count | None, threshold: int) -> str:
    """What to print for a count: the count, `<threshold` for a small one, `x` for one
    hidden beside it, empty for a measure not recorded yet."""
    if count is None:
        return ""
    if count.visibility is Visibility.SMALL:
        return f"<{threshold}"
    if count.visibility is Visibility.COMPLEMENTARY:
        return "x"
    return str(count.value)


def figure_rows(figures: Figures) -> Iterator[tuple[str, ...]]:
    """The figures' rows: each place's measures, then the total's (its places named TOTAL)."""
    for place in (*figures.places, figures.total):
        yield from _place_rows(figures, place)


def _place_rows(figures: Figures, place: PlaceFigures) -> Iterator[tuple[str, ...]]:
    where = place.place
    names = (where.region, where.district, where.mahalla)
    columns = tuple(TOTAL if place is figures.total else (n or "") for n in names)
    for measure, count in place.counts.items():
        value = "" if count is None or count.value is None else str(count.value)
        yield (figures.quarter, *columns, measure.value, value, shown(count, figures.threshold))


def definitions(language: Language) -> Iterator[tuple[str, str, str]]:
    """Each measure, its name and what it counts, in `language`."""
    position = LANGUAGES.index(language.value)
    for measure in Measure:
        name = label("MonitoringMeasure", measure.value, language)
        yield measure.value, name, MEASURE_DEFINITION[measure.value][position]


def figures_csv(figures: Figures) -> str:
    """The figures as CSV (RFC 4180, a header row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(figure_rows(figures))
    return out.getvalue()


def definitions_csv(language: Language) -> str:
    """The measures' names as CSV, the file beside the figures'."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(DEFINITIONS_HEADER)
    writer.writerows(definitions(language))
    return out.getvalue()


def figures_xlsx(figures: Figures, language: Language) -> bytes:
    """The figures as an XLSX workbook: a `Figures` sheet and a `Definitions` sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Figures"
    sheet.append(HEADER)
    for row in figure_rows(figures):
        count = row[5]
        sheet.append([*row[:5], int(count) if count else None, row[6]])
    names = book.create_sheet("Definitions")
    names.append(DEFINITIONS_HEADER)
    for row in definitions(language):
        names.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
