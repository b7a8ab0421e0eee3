"""A follower copy's seat on PostgreSQL: a connection of its own that holds the follower's
session advisory lock for as long as the copy runs, and writes the copy's status row."""

from __future__ import annotations

import os
import secrets
import socket
import zlib
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from baxt.application.cases.read_model import APPLICATION_NAME, EVENTS_TABLE
from baxt.application.followers.states import FollowerState, FollowerStatus, Measured

_LOCK_CLASS = 0x62617866  # the advisory-lock space of Baxt's followers, one key per name
_LAG_COUNTED_UP_TO = 10_000  # past this many events behind, the lag is the gap in IDs
_REPORT = """
WITH reach AS (SELECT coalesce(({position}), 0) AS position),
ahead AS (
    SELECT count(*) AS events FROM (
        SELECT 1 FROM {events}, reach WHERE notification_id > reach.position
          AND (%(every)s OR topic = ANY(%(topics)s)) LIMIT %(counted)s) AS counted)
INSERT INTO follower_status AS s
    (name, holder, host, pid, state, position, lag, last_error, failures, since, heartbeat_at)
SELECT %(name)s, %(holder)s, %(host)s, %(pid)s, %(state)s, reach.position,
    CASE WHEN ahead.events < %(counted)s THEN ahead.events
         ELSE greatest(0, (SELECT max(notification_id) FROM {events}) - reach.position) END,
    %(last_error)s, %(failures)s, %(since)s, now()
FROM reach, ahead
ON CONFLICT (name, holder) DO UPDATE SET
    state = excluded.state, position = excluded.position, lag = excluded.lag,
    last_error = excluded.last_error, failures = excluded.failures, since = excluded.since,
    heartbeat_at = excluded.heartbeat_at
RETURNING position, lag"""
_CLAIM = """
DELETE FROM follower_status
WHERE name = %(name)s AND holder <> %(holder)s
  AND (state <> 'standby' OR heartbeat_at < now() - make_interval(secs => %(stale)s))"""
_DROP = "DELETE FROM follower_status WHERE name = %(name)s AND holder = %(holder)s"


@dataclass(frozen=True)
class Reach:
    """How to measure a follower: the scalar query of the last notification it has processed,
    and the topics it follows (none: every event)."""

    position: sql.Composable
    topics: tuple[str, ...] = ()

    @classmethod
    def tracked(cls, tracking_table: str, topics: tuple[str, ...] = ()) -> Reach:
        """A tracked subscription's reach: its row in its tracking table."""
        query = sql.SQL("SELECT notification_id FROM {} WHERE application_name = {}").format(
            sql.Identifier(tracking_table), sql.Literal(APPLICATION_NAME)
        )
        return cls(query, topics)


def copy_name() -> str:
    """A name for one copy of a follower: its host, its process and a random part (a process
    may run two copies, as tests do)."""
    return f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(3)}"


def lock_key(name: str) -> int:
    """The follower's key within Baxt's advisory-lock space: the same in every process."""
    key = zlib.crc32(name.encode())
    return key - 2**32 if key >= 2**31 else key


class PostgresSeat:
    """A follower copy's seat: `take` tries the follower's lock on this connection, which holds
    it until the connection closes (so a copy that dies lets a standby take over at once)."""

    def __init__(
        self, conninfo: str, name: str, reach: Reach, *, holder: str, stale_seconds: float
    ) -> None:
        self._name = name
        self._holder = holder
        self._stale_seconds = stale_seconds
        self._report = sql.SQL(_REPORT).format(
            position=reach.position, events=sql.Identifier(EVENTS_TABLE)
        )
        self._topics = list(reach.topics)
        self._conn = psycopg.connect(
            conninfo,
            autocommit=True,
            connect_timeout=5,
            application_name=f"baxt follower {name}"[:63],
            options="-c statement_timeout=5000",
        )

    def take(self) -> bool:
        row = self._conn.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", (_LOCK_CLASS, lock_key(self._name))
        ).fetchone()
        return bool(row and row[0])

    def claim(self) -> None:
        self._conn.execute(_CLAIM, self._params(stale=self._stale_seconds))

    def report(self, status: FollowerStatus) -> Measured:
        params = self._params(
            state=status.state.value,
            last_error=status.last_error,
            failures=status.failures,
            since=status.since,
            every=not self._topics,
            topics=self._topics,
            counted=_LAG_COUNTED_UP_TO,
            host=socket.gethostname(),
            pid=os.getpid(),
        )
        row = self._conn.execute(self._report, params).fetchone()
        assert row is not None
        return Measured(int(row[0]), int(row[1]))

    def leave(self, status: FollowerStatus) -> None:
        """Drops a standby's row, or writes the copy's last state; then closes the connection,
        which lets the lock go."""
        try:
            if status.state is FollowerState.STANDBY:
                self._conn.execute(_DROP, self._params())
            else:
                self.report(status)
        finally:
            self._conn.close()

    def _params(self, **more: Any) -> dict[str, Any]:
        return {"name": self._name, "holder": self._holder, **more}
