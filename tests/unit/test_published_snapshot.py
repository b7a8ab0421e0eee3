"""A published quarter's document: one text for the same figures, read back as it was, and a
signature that holds only for that text and that key."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from baxt.application.monitoring.snapshot import (
    Snapshot,
    canonical_json,
    read_document,
    sign_document,
    signature_holds,
)
from baxt.application.monitoring.table import FigureTable
from baxt.domain.monitoring.measures import Interval, Measure, PlaceLevel

ORIGIN = "baxt.local/cases"


def _table(order: list[tuple[str, int]]) -> FigureTable:
    table = FigureTable(PlaceLevel.REGION)
    for region, count in order:
        table.places.append((region,))
        table.counts[(Measure.FLAGGED, "all", (region,), "")] = count
    table.counts[(Measure.FLAGGED, "all", None, "")] = sum(c for _, c in order)
    table.counts[(Interval.TO_VISIT, "all", None, "")] = 2
    table.days[(Interval.TO_VISIT, None)] = (3.5, 7.25)
    table.places.sort()
    return table


def _snapshot(table: FigureTable) -> Snapshot:
    return Snapshot("2026-Q3", 42, 45, bytes(32), {PlaceLevel.REGION: table})


def test_canonical_json_sorts_keys_and_keeps_letters_as_they_are() -> None:
    assert (
        canonical_json({"b": 1, "a": ["Qo'qon", "Тошкент"]}) == '{"a":["Qo\'qon","Тошкент"],"b":1}'
    )


def test_the_same_figures_in_any_order_give_the_same_document() -> None:
    first = _snapshot(_table([("Xorazm viloyati", 3), ("Toshkent shahri", 6)])).document()
    second = _snapshot(_table([("Toshkent shahri", 6), ("Xorazm viloyati", 3)])).document()
    assert first == second


def test_a_document_reads_back_to_the_same_tables() -> None:
    snapshot = _snapshot(_table([("Toshkent shahri", 6)]))
    again = read_document(snapshot.document())
    assert again.document() == snapshot.document()
    assert again.tables[PlaceLevel.REGION].counts == snapshot.tables[PlaceLevel.REGION].counts
    assert again.tables[PlaceLevel.REGION].days[(Interval.TO_VISIT, None)] == (3.5, 7.25)


def test_the_signature_holds_for_its_document_and_key_only() -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    document = _snapshot(_table([("Toshkent shahri", 6)])).document()
    line = sign_document(document, key, ORIGIN)
    changed = _snapshot(_table([("Toshkent shahri", 7)])).document()

    assert line.startswith("\u2014 baxt.local/cases ")
    assert signature_holds(document, line, ORIGIN, (key.public_key(),))
    assert signature_holds(document, line, ORIGIN, (other.public_key(), key.public_key()))
    assert not signature_holds(changed, line, ORIGIN, (key.public_key(),))
    assert not signature_holds(document, line, ORIGIN, (other.public_key(),))
    assert not signature_holds(document, line, "another.origin", (key.public_key(),))
    assert not signature_holds(document, line[:-4] + "AAA=", ORIGIN, (key.public_key(),))
