"""The audit ledger's follower: it keeps the ledger sealed while the event store grows.

It follows every stored event, of every topic, and seals them in batches straight from the
stored rows (`Ledger.seal`), whose bytes the ledger hashes; a projection runner would hand it
decoded events instead, so it runs its own loop under the same supervisor as the others.
"""

from __future__ import annotations

import logging
import threading

import psycopg
from psycopg import sql

from baxt.application.audit.ledger import Ledger
from baxt.application.cases.read_model import EVENTS_TABLE
from baxt.application.followers.errors import error_text
from baxt.application.followers.seat import Reach
from baxt.application.followers.states import FollowerState, Report

_log = logging.getLogger(__name__)


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
