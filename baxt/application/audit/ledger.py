"""The audit ledger: every stored case event sealed with its leaf hash and its chain hash.

The ledger follows the event store in notification order, like a projection. Writers insert
events under the library's EXCLUSIVE table lock, so notification IDs commit in order and the
ledger never passes over an event that commits later. Leaf indexes count from 0 with no gaps,
even where a rolled-back insert left a gap in the notification IDs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql

from baxt.application.cases.read_model import EVENTS_TABLE
from baxt.application.followers.errors import error_text
from baxt.application.followers.seat import Reach
from baxt.application.followers.states import FollowerState, Report
from baxt.domain.chain import GENESIS, event_bytes, next_chain_hash
from baxt.domain.merkle import leaf_hash

_log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

_SEALER_LOCK = 0x62617875  # one sealer at a time, across processes
_POSITION = (
    "SELECT coalesce(max(leaf_index) + 1, 0), coalesce(max(notification_id), 0) FROM audit_ledger"
)
_UNSEALED = f"""
SELECT notification_id, originator_id, originator_version, topic, state FROM {EVENTS_TABLE}
WHERE notification_id > %s ORDER BY notification_id LIMIT %s"""  # noqa: S608
_LAST_CHAIN = """
SELECT DISTINCT ON (originator_id) originator_id, chain_hash FROM audit_ledger
WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version DESC"""
_COPY = (
    "COPY audit_ledger (leaf_index, notification_id, originator_id, originator_version,"
    " leaf_hash, chain_hash) FROM STDIN"
)
_LATEST_EVENT = f"SELECT coalesce(max(notification_id), 0) FROM {EVENTS_TABLE}"  # noqa: S608


@dataclass(frozen=True)
class Sealed:
    """How far the ledger reaches: its number of leaves and the last notification it holds."""

    leaves: int
    notification_id: int


def sealed_position(conn: psycopg.Connection[Any]) -> Sealed:
    row = conn.execute(_POSITION).fetchone()
    assert row is not None
    return Sealed(int(row[0]), int(row[1]))


class Ledger:
    """Seals the events the ledger does not hold yet, a batch per transaction."""

    def __init__(self, conninfo: str, *, batch_size: int = 5000) -> None:
        self._conninfo = conninfo
        self._batch_size = batch_size

    def seal(self, progress: Progress | None = None) -> int:
        """Seals every event committed so far; returns how many were sealed now."""
        done = 0
        with psycopg.connect(self._conninfo) as conn:
            latest = conn.execute(_LATEST_EVENT).fetchone()
            total = int(latest[0]) if latest else 0
            while True:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SEALER_LOCK,))
                    sealed, last = self._seal_batch(conn)
                if not sealed:
                    return done
                done += sealed
                if progress is not None:
                    progress(last, max(total, last))

    def _seal_batch(self, conn: psycopg.Connection[Any]) -> tuple[int, int]:
        position = sealed_position(conn)
        rows = conn.execute(_UNSEALED, (position.notification_id, self._batch_size)).fetchall()
        if not rows:
            return 0, position.notification_id
        chains = _last_chains(conn, {row[1] for row in rows})
        with conn.cursor().copy(_COPY) as copy:
            for index, (notification_id, case_id, version, topic, state) in enumerate(rows):
                entry = event_bytes(case_id, topic, bytes(state))
                chain = next_chain_hash(chains.get(case_id, GENESIS), entry)
                chains[case_id] = chain
                leaf = position.leaves + index
                copy.write_row((leaf, notification_id, case_id, version, leaf_hash(entry), chain))
        return len(rows), int(rows[-1][0])


def _last_chains(conn: psycopg.Connection[Any], case_ids: set[UUID]) -> dict[UUID, bytes]:
    rows = conn.execute(_LAST_CHAIN, (list(case_ids),)).fetchall()
    return {case_id: bytes(chain) for case_id, chain in rows}


class LedgerFollower:
    """Keeps the ledger sealed while the event store grows: woken by its NOTIFY, or each second.

    Its supervisor runs `follow` and starts it again after any error; `run` is the same loop
    for a caller without one, started again after a lost database.
    """

    name = "ledger"

    def __init__(self, ledger: Ledger, conninfo: str, *, every: float = 1.0) -> None:
        self._ledger = ledger
        self._conninfo = conninfo
        self._every = every

    def follow(self, stop: threading.Event, report: Report | None = None) -> None:
        """Seals each event soon after it is stored, until `stop` is set; raises on any error."""
        with psycopg.connect(self._conninfo, autocommit=True) as listener:
            listener.execute(f"LISTEN {EVENTS_TABLE}")
            if report is not None:
                report(FollowerState.RUNNING)
            while not stop.is_set():
                self._ledger.seal()
                for _ in listener.notifies(timeout=self._every, stop_after=1):
                    pass

    def run(self, stop: threading.Event, every: float | None = None) -> None:
        if every is not None:
            self._every = every
        while not stop.is_set():
            try:
                self.follow(stop)
            except psycopg.OperationalError as error:
                if stop.is_set():
                    return
                _log.warning("the ledger lost the database (%s); retrying", error_text(error))
                stop.wait(1.0)


LEDGER_REACH = Reach(sql.SQL("SELECT max(notification_id) FROM audit_ledger"))
"""How far the ledger has sealed: the last notification it holds, of every event."""
