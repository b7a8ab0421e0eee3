"""Published quarters: a quarter's figures frozen at the ledger's tree size, signed, kept,
and verified by deriving them again from the events up to that position."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from baxt.application.audit.ledger import sealed_position
from baxt.application.audit.signing import LogIdentity, ledger_root
from baxt.application.monitoring.rows import Figures
from baxt.application.monitoring.shaping import Shaper
from baxt.application.monitoring.snapshot import (
    Snapshot,
    read_document,
    sign_document,
    signature_holds,
)
from baxt.application.monitoring.table import FigureTable, as_published
from baxt.domain.errors import DomainError
from baxt.domain.monitoring.measures import PlaceLevel
from baxt.domain.quarter import Quarter

Derive = Callable[[int, str], dict[PlaceLevel, FigureTable]]
"""The exact figure tables of a quarter (at each level) from the events up to a notification."""
EventsRoot = Callable[[int], bytes]
"""The Merkle root of the first `tree_size` stored events, computed from their bytes."""

_INSERT = """INSERT INTO published_quarter (quarter, tree_size, notification_id, root_hash,
figures, document, signature, published_at, published_by)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (quarter) DO NOTHING"""
_ONE = """SELECT document, signature, published_at, published_by FROM published_quarter
WHERE quarter = %s"""
_ALL = "SELECT quarter FROM published_quarter ORDER BY quarter DESC"


class QuarterAlreadyPublished(DomainError):
    """Raised when a quarter is published a second time: a published quarter never changes."""

    code = "QUARTER_ALREADY_PUBLISHED"


class QuarterNotPublished(DomainError):
    """Raised when a published quarter is asked for that was never published."""

    code = "QUARTER_NOT_PUBLISHED"


@dataclass(frozen=True)
class Publication:
    """A published quarter as kept: its snapshot, the signed document and who published it."""

    snapshot: Snapshot
    document: str
    signature: str
    published_at: datetime
    published_by: str


@dataclass(frozen=True)
class Verification:
    """What `verify` found: the signature, the events' root against the signed one, and the
    figures derived again against the published ones; `problems` says what failed."""

    quarter: str
    tree_size: int
    signature_ok: bool
    events_ok: bool
    figures_ok: bool
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.signature_ok and self.events_ok and self.figures_ok


class PublishedQuarters:
    """Publishes quarters, reads them back and verifies them."""

    def __init__(
        self,
        conninfo: str,
        identity: LogIdentity,
        private_key: Ed25519PrivateKey | None,
        derive: Derive,
        events_root: EventsRoot,
    ) -> None:
        self._conninfo = conninfo
        self._identity = identity
        self._private_key = private_key
        self._derive = derive
        self._events_root = events_root

    def publish(self, quarter: Quarter, by: str, now: datetime) -> Publication:
        """Freezes the quarter's figures at the ledger's tree size now (seal it first)."""
        name = str(quarter)
        if self._private_key is None:
            raise RuntimeError("publishing needs the checkpoint key")
        if self._stored(name) is not None:
            raise QuarterAlreadyPublished(f"{name} is already published; it never changes")
        with psycopg.connect(self._conninfo) as conn:
            sealed = sealed_position(conn)
            root = ledger_root(conn, sealed.leaves)
        tables = self._derive(sealed.notification_id, name)
        snapshot = Snapshot(name, sealed.leaves, sealed.notification_id, root, tables)
        document = snapshot.document()
        signature = sign_document(document, self._private_key, self._identity.origin)
        figures = json.dumps(snapshot.figures_json())
        row = (name, sealed.leaves, sealed.notification_id, root, figures, document, signature)
        with psycopg.connect(self._conninfo) as conn:
            inserted = conn.execute(_INSERT, (*row, now, by)).rowcount
        if not inserted:
            raise QuarterAlreadyPublished(f"{name} is already published; it never changes")
        return Publication(snapshot, document, signature, now, by)

    def get(self, quarter: Quarter) -> Publication:
        """The published quarter; QuarterNotPublished when it was not."""
        stored = self._stored(str(quarter))
        if stored is None:
            raise QuarterNotPublished(f"{quarter} is not published")
        return stored

    def quarters(self) -> list[str]:
        """The quarters published, newest first."""
        with psycopg.connect(self._conninfo) as conn:
            return [row[0] for row in conn.execute(_ALL).fetchall()]

    def verify(self, quarter: Quarter) -> Verification:
        """Checks the signature, the stored events up to the tree size against the signed
        root, and the figures derived again from those events against the published ones."""
        publication = self.get(quarter)
        snapshot = publication.snapshot
        keys = (self._identity.public_key, *self._identity.previous_keys)
        signed = signature_holds(
            publication.document, publication.signature, self._identity.origin, keys
        )
        problems = [] if signed else ["the signature does not verify with the log's key"]
        events_ok = hmac.compare_digest(self._events_root(snapshot.tree_size), snapshot.root_hash)
        if not events_ok:
            problems.append(
                f"the stored events up to tree size {snapshot.tree_size} are not the ones"
                " published: their Merkle root differs from the signed one"
            )
        figures_ok = self._figures_hold(snapshot, problems)
        return Verification(
            str(quarter), snapshot.tree_size, signed, events_ok, figures_ok, tuple(problems)
        )

    def _figures_hold(self, snapshot: Snapshot, problems: list[str]) -> bool:
        try:
            derived = self._derive(snapshot.notification_id, snapshot.quarter)
        except Exception as error:  # an altered event may no longer decode
            problems.append(f"the figures cannot be derived again: {type(error).__name__}")
            return False
        again = Snapshot(
            snapshot.quarter,
            snapshot.tree_size,
            snapshot.notification_id,
            snapshot.root_hash,
            {level: as_published(t, snapshot.tables[level]) for level, t in derived.items()},
        )
        if again.document() != snapshot.document():
            problems.append("the figures derived again differ from the published ones")
            return False
        return True

    def _stored(self, quarter: str) -> Publication | None:
        return stored_publication(self._conninfo, quarter)


def stored_publication(conninfo: str, quarter: str) -> Publication | None:
    """The published quarter as kept, or None; read without the checkpoint key."""
    with psycopg.connect(conninfo) as conn:
        row: Any = conn.execute(_ONE, (quarter,)).fetchone()
    if row is None:
        return None
    document, signature, published_at, published_by = row
    return Publication(read_document(document), document, signature, published_at, published_by)


def published_figures(
    publication: Publication, level: PlaceLevel, suppressed: bool, threshold: int
) -> Figures:
    """The published figures at `level`, everywhere, exact or with small counts suppressed."""
    table = publication.snapshot.tables[level]
    visibility = table.visibility(threshold) if suppressed else {}
    return Shaper(table, visibility).figures(publication.snapshot.quarter, suppressed, threshold)
