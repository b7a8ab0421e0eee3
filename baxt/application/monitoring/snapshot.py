"""A published quarter's snapshot: its exact figure tables as canonical JSON, and its signature.

The document is JSON with sorted keys, no spaces and UTF-8 text (`canonical_json`), so the
same figures always give the same bytes; it is signed as a whole with the checkpoint key, in
the signature line of the C2SP signed-note form the checkpoints use (an em dash, the key
name, base64 of the 4-byte key ID and the Ed25519 signature).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from baxt.application.checkpoints import key_id
from baxt.application.monitoring.table import Cell, Counted, FigureTable, RowKey
from baxt.domain.monitoring.measures import Interval, Measure, PlaceLevel

_MARK = "\u2014 "


def canonical_json(value: Any) -> str:
    """The one text of a JSON value: sorted keys, no whitespace, UTF-8 characters as they are."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class Snapshot:
    """What a publication freezes: the quarter, the log position (tree size, last notification,
    Merkle root) and the exact figure table at each level."""

    quarter: str
    tree_size: int
    notification_id: int
    root_hash: bytes
    tables: dict[PlaceLevel, FigureTable]

    def figures_json(self) -> dict[str, Any]:
        return {level.value: table_json(table) for level, table in self.tables.items()}

    def document(self) -> str:
        """The canonical JSON the signature covers."""
        return canonical_json(
            {
                "quarter": self.quarter,
                "tree_size": self.tree_size,
                "notification_id": self.notification_id,
                "root_hash": base64.b64encode(self.root_hash).decode("ascii"),
                "figures": self.figures_json(),
            }
        )


def read_document(document: str) -> Snapshot:
    """A snapshot back from its document."""
    data = json.loads(document)
    return Snapshot(
        quarter=data["quarter"],
        tree_size=data["tree_size"],
        notification_id=data["notification_id"],
        root_hash=base64.b64decode(data["root_hash"]),
        tables={PlaceLevel(k): read_table(PlaceLevel(k), v) for k, v in data["figures"].items()},
    )


def table_json(table: FigureTable) -> dict[str, Any]:
    """A figure table's exact counts and times as JSON, each list in one order."""
    counts = [[c.value, d, _row(r), cat, n] for (c, d, r, cat), n in table.counts.items()]
    days = [[i.value, _row(r), p50, p90] for (i, r), (p50, p90) in table.days.items()]
    return {
        "places": [list(place) for place in table.places],
        "counts": sorted(counts, key=canonical_json),
        "days": sorted(days, key=canonical_json),
    }


def read_table(level: PlaceLevel, data: dict[str, Any]) -> FigureTable:
    """A figure table back from `table_json`."""
    table = FigureTable(level)
    table.places = [tuple(place) for place in data["places"]]
    for counted, dimension, row, category, count in data["counts"]:
        cell: Cell = (_counted(counted), dimension, _key(row), category)
        table.counts[cell] = count
    for interval, row, p50, p90 in data["days"]:
        table.days[(Interval(interval), _key(row))] = (p50, p90)
    return table


def sign_document(document: str, private_key: Ed25519PrivateKey, key_name: str) -> str:
    """The signature line of a document."""
    signature = private_key.sign(document.encode())
    blob = key_id(key_name, private_key.public_key()) + signature
    return f"{_MARK}{key_name} {base64.b64encode(blob).decode('ascii')}"


def signature_holds(
    document: str, line: str, key_name: str, keys: tuple[Ed25519PublicKey, ...]
) -> bool:
    """Whether `line` is a signature of `document` by one of `keys` under `key_name`."""
    name, _, encoded = line.removeprefix(_MARK).partition(" ")
    try:
        blob = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return False
    if not line.startswith(_MARK) or name != key_name or len(blob) <= 4:
        return False
    for key in keys:
        if blob[:4] != key_id(key_name, key):
            continue
        try:
            key.verify(blob[4:], document.encode())
        except InvalidSignature:
            continue
        return True
    return False


def _row(row: RowKey) -> list[str] | None:
    return None if row is None else list(row)


def _key(row: list[str] | None) -> RowKey:
    return None if row is None else tuple(row)


def _counted(value: str) -> Counted:
    try:
        return Measure(value)
    except ValueError:
        return Interval(value)
