"""The cases that may be duplicates of one case: those sharing its match keys, in reach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.view import CaseView
from baxt.application.cases.rows import CaseSummary, case_summary, masked_row
from baxt.application.duplicates.reasons import (
    DuplicateReason,
    SharedKeys,
    reasons_of,
    score_of,
)
from baxt.application.pii.row_opener import RowOpener

MAX_CANDIDATES = 20
"""The most candidates one case lists, the strongest first."""

_SHARED = sql.SQL("""
WITH me AS (
    SELECT case_id, region, district, mahalla, not_duplicates,
           (SELECT count(*) FROM case_match_key WHERE case_id = %(case_id)s AND kind = 'NAME')
               AS my_names
    FROM case_summary WHERE case_id = %(case_id)s
), shared AS (
    SELECT o.case_id,
           count(*) FILTER (WHERE m.kind = 'NAME' AND o.kind = 'NAME') AS names,
           bool_or(m.kind = 'PINFL' AND o.kind = 'PINFL') AS same_pinfl,
           bool_or(m.kind = 'PINFL_NEAR' AND o.kind = 'PINFL_NEAR') AS pinfl_near,
           bool_or(m.kind = 'BORN' AND o.kind = 'BORN') AS born,
           bool_or(m.kind = 'BORN' AND o.kind = 'BORN_NEAR'
                   OR m.kind = 'BORN_NEAR' AND o.kind = 'BORN') AS born_near
    FROM case_match_key m JOIN case_match_key o ON o.key = m.key AND o.case_id <> m.case_id
    WHERE m.case_id = %(case_id)s
    GROUP BY o.case_id
)
SELECT c.*, s.names, s.same_pinfl, s.pinfl_near, s.born, s.born_near, me.my_names,
       (SELECT count(*) FROM case_match_key k WHERE k.case_id = c.case_id AND k.kind = 'NAME')
           AS their_names,
       c.region = me.region AND c.district = me.district AND c.mahalla = me.mahalla
           AS same_mahalla,
       c.region = me.region AND c.district = me.district AS same_district
FROM shared s
JOIN case_summary c ON c.case_id = s.case_id
CROSS JOIN me
WHERE c.merged_into IS NULL
  AND NOT (c.case_id = ANY(me.not_duplicates))
  AND NOT (me.case_id = ANY(c.not_duplicates))
  AND {reach}
""")


@dataclass(frozen=True)
class Candidate:
    """A case that may be the same child's, as the caller sees it, with the reasons and the
    score (0 to 100) they add up to."""

    row: CaseSummary
    reasons: tuple[DuplicateReason, ...]
    score: int


class DuplicateCandidates:
    """Finds candidates through the `case_match_key` table: by shared hashes only, so the
    search never reads a name or PINFL; the candidates' own rows are opened by `opener` as
    every case read opens them."""

    def __init__(self, pool: AsyncConnectionPool[Any], opener: RowOpener | None = None) -> None:
        self._pool = pool
        self._opener = opener or RowOpener.from_environment()

    async def of_case(self, case_id: UUID, view: CaseView) -> list[Candidate]:
        """The candidates of a case the caller reaches, in their reach only; none for a case
        merged into another already."""
        reach, params = view.scope.named_condition("c")
        query = _SHARED.format(reach=reach)
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query, {"case_id": case_id, **params})
            rows = await self._opener.open_rows(conn, list(await cur.fetchall()), "case_id")
        found = [_candidate(row, view) for row in rows]
        ranked = sorted(
            (c for c in found if c is not None), key=lambda c: (-c.score, str(c.row.case_id))
        )
        return ranked[:MAX_CANDIDATES]


def _candidate(row: dict[str, Any], view: CaseView) -> Candidate | None:
    shared = SharedKeys(
        names=row["names"],
        my_names=row["my_names"],
        their_names=row["their_names"],
        same_pinfl=row["same_pinfl"],
        pinfl_near=row["pinfl_near"],
        born=row["born"],
        born_near=row["born_near"],
        same_mahalla=row["same_mahalla"],
        same_district=row["same_district"],
    )
    reasons = reasons_of(shared)
    if not reasons:
        return None
    return Candidate(masked_row(case_summary(row), view.masks), reasons, score_of(reasons))
