"""What the API asks of imports: runs, their rejects, comparisons, and the survey's progress."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

import anyio.to_thread
import psycopg

from baxt.application.imports.checks import Reject
from baxt.application.imports.compare import Comparison, compare_run
from baxt.application.imports.runs import ImportRun, ImportRuns
from baxt.domain.risk.catalogue import Catalogue
from baxt.domain.risk.rules import RuleSet

_SURVEY = """
SELECT region, count(*) AS children, count(seen_on) AS seen FROM survey_child
WHERE year = %s GROUP BY region ORDER BY region
"""


@dataclass(frozen=True)
class SurveyRegion:
    region: str
    children: int
    seen: int


class ImportQueries:
    """Reads import runs for the API; each read runs in a worker thread."""

    def __init__(
        self, conninfo: str, catalogue: Catalogue, rule_sets: Mapping[str, RuleSet]
    ) -> None:
        self.catalogue = catalogue
        self.rule_sets = rule_sets
        self._conninfo = conninfo
        self._runs = ImportRuns(conninfo)

    async def runs(self, limit: int) -> list[ImportRun]:
        return await anyio.to_thread.run_sync(lambda: self._runs.latest(limit))

    async def run(self, run_id: UUID) -> ImportRun | None:
        return await anyio.to_thread.run_sync(lambda: self._runs.get(run_id))

    async def rejects(self, run_id: UUID, after_line: int, limit: int) -> list[Reject]:
        return await anyio.to_thread.run_sync(
            lambda: self._runs.rejects(run_id, after_line=after_line, limit=limit)
        )

    async def compare(self, run_id: UUID, rule_set: str) -> Comparison:
        return await anyio.to_thread.run_sync(
            lambda: compare_run(
                self._conninfo,
                run_id,
                rule_set,
                catalogue=self.catalogue,
                rule_sets=self.rule_sets,
            )
        )

    async def survey(self, year: int) -> list[SurveyRegion]:
        def read() -> list[SurveyRegion]:
            with psycopg.connect(self._conninfo) as conn:
                rows = conn.execute(_SURVEY, (year,)).fetchall()
            return [SurveyRegion(r[0], r[1], r[2]) for r in rows]

        return await anyio.to_thread.run_sync(read)
