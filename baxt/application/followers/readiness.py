"""Whether the followers are well, as every process can read it: one query of the status
rows their supervisors write, in whichever process they run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.errors import UndefinedTable
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.followers.states import FollowerState

# Per follower, the copy that holds (or last held) its lock: a standby shows only when no
# copy runs it.
_LATEST = """
SELECT DISTINCT ON (name) name, state, position, lag, last_error, failures, since,
    extract(epoch FROM now() - heartbeat_at)::float8 AS silent_seconds,
    count(*) FILTER (
        WHERE state = 'standby' AND heartbeat_at >= now() - make_interval(secs => %(stale)s)
    ) OVER (PARTITION BY name) AS standbys
FROM follower_status
ORDER BY name, state = 'standby', heartbeat_at DESC"""


@dataclass(frozen=True)
class FollowerHealth:
    """One follower as /readyz names it."""

    name: str
    state: FollowerState
    position: int
    lag: int
    last_error: str | None
    failures: int
    since: datetime
    silent_seconds: float
    standbys: int
    stale_after: float

    @property
    def problem(self) -> str | None:
        """Why this follower makes the system not ready, or None."""
        if self.state.failing:
            return f"{self.name} is {self.state.value}"
        if self.state is not FollowerState.STOPPED and self.silent_seconds > self.stale_after:
            return f"{self.name} has not been heard from for {self.silent_seconds:.0f} s"
        return None

    def shown(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "state": self.state.value,
            "lag": self.lag,
            "position": self.position,
            "lastError": self.last_error,
            "failures": self.failures,
            "since": self.since.isoformat(),
            "heartbeatSecondsAgo": round(self.silent_seconds, 1),
            "standbys": self.standbys,
        }


class FollowerReadiness:
    """Reads every follower's health through the API's pool, in one query."""

    def __init__(self, pool: AsyncConnectionPool[Any], *, stale_after: float = 15.0) -> None:
        self._pool = pool
        self._stale_after = stale_after

    async def followers(self) -> list[FollowerHealth]:
        """Each follower that has ever run here, by name; none before any has."""
        try:
            async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
                await cur.execute(_LATEST, {"stale": self._stale_after})
                rows = await cur.fetchall()
        except UndefinedTable:
            return []
        return [self._health(row) for row in rows]

    def _health(self, row: dict[str, Any]) -> FollowerHealth:
        return FollowerHealth(
            name=row["name"],
            state=FollowerState(row["state"]),
            position=int(row["position"]),
            lag=int(row["lag"]),
            last_error=row["last_error"],
            failures=int(row["failures"]),
            since=row["since"],
            silent_seconds=float(row["silent_seconds"]),
            standbys=int(row["standbys"]),
            stale_after=self._stale_after,
        )
