"""The record of each import run: what it read, rejected and flagged."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import dict_row

from baxt.application.imports.bulk import FlagCounts
from baxt.application.imports.checks import Reject
from baxt.application.imports.reader import Batch

_START = """
INSERT INTO import_run (id, kind, round, rule_set, file_name, file_sha256, actor, started_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
"""
_PROGRESS = """
UPDATE import_run SET rows_read = rows_read + %(read)s, rejected = rejected + %(rejected)s,
  flagged = flagged + %(flagged)s, added_to_open = added_to_open + %(added)s,
  reopened = reopened + %(reopened)s, already = already + %(already)s
WHERE id = %(id)s
"""


@dataclass(frozen=True)
class ImportRun:
    id: UUID
    kind: str
    round: str
    rule_set: str | None
    file_name: str
    file_sha256: str
    actor: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    rows_read: int
    rejected: int
    flagged: int
    added_to_open: int
    reopened: int
    already: int


class ImportRuns:
    """Writes the run's record as it goes, so an interrupted run shows how far it got."""

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo

    def start(self, run: ImportRun) -> None:
        r = run
        self._execute(_START, (r.id, r.kind, r.round, r.rule_set, r.file_name, r.file_sha256,
                               r.actor, r.started_at))  # fmt: skip

    def record(
        self, run_id: UUID, *, read: int, rejects: Sequence[Reject], counts: FlagCounts
    ) -> None:
        """Adds a batch's figures and its bad lines, in one transaction."""
        refused = [Reject(line, code, reason) for line, code, reason in counts.refused]
        bad = [*rejects, *refused]
        with psycopg.connect(self._conninfo) as conn, conn.cursor() as cur:
            cur.execute(
                _PROGRESS,
                {
                    "id": run_id,
                    "read": read,
                    "rejected": len(bad),
                    "flagged": counts.opened + counts.added_to_open + counts.reopened,
                    "added": counts.added_to_open,
                    "reopened": counts.reopened,
                    "already": counts.already,
                },
            )
            with cur.copy("COPY import_reject (run_id, line, code, reason) FROM STDIN") as copy:
                for reject in bad:
                    copy.write_row((run_id, reject.line, reject.code, reject.reason))

    def finish(self, run_id: UUID, status: str, at: datetime) -> None:
        self._execute(
            "UPDATE import_run SET status = %s, finished_at = %s WHERE id = %s",
            (status, at, run_id),
        )

    def get(self, run_id: UUID) -> ImportRun | None:
        rows = self._fetch("SELECT * FROM import_run WHERE id = %s", (run_id,))
        return ImportRun(**rows[0]) if rows else None

    def latest(self, limit: int) -> list[ImportRun]:
        rows = self._fetch("SELECT * FROM import_run ORDER BY started_at DESC LIMIT %s", (limit,))
        return [ImportRun(**row) for row in rows]

    def rejects(self, run_id: UUID, *, after_line: int = 0, limit: int = 100) -> list[Reject]:
        rows = self._fetch(
            "SELECT line, code, reason FROM import_reject WHERE run_id = %s AND line > %s"
            " ORDER BY line LIMIT %s",
            (run_id, after_line, limit),
        )
        return [Reject(**row) for row in rows]

    def _execute(self, query: str, params: tuple[Any, ...]) -> None:
        with psycopg.connect(self._conninfo) as conn:
            conn.execute(query.encode(), params)

    def _fetch(self, query: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        with psycopg.connect(self._conninfo) as conn, conn.cursor(row_factory=dict_row) as cur:
            cur.execute(query.encode(), params)
            return cur.fetchall()


def carry_out(
    runs: ImportRuns,
    run: ImportRun,
    batches: Iterable[Batch],
    flag: Callable[[Batch], FlagCounts],
    *,
    clock: Callable[[], datetime],
    progress: Callable[[int], None] | None = None,
) -> ImportRun:
    """Records the run, flags batch by batch with its figures, and marks how it ended."""
    runs.start(run)
    try:
        for batch in batches:
            counts = flag(batch)
            runs.record(run.id, read=batch.read, rejects=batch.rejects, counts=counts)
            if progress is not None:
                progress(batch.read)
    except BaseException:
        runs.finish(run.id, "FAILED", clock())
        raise
    runs.finish(run.id, "FINISHED", clock())
    finished = runs.get(run.id)
    assert finished is not None
    return finished
