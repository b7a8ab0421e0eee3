"""Every pair of cases in the caller's reach that may be one child's: a supervisor's list of
duplicates to decide, the strongest first, in keyset pages.

A pair is proposed exactly as `duplicateCandidates` proposes it (`reasons_of`): the same
PINFL, or one digit off with a matching name, or a matching name with a matching or near
birth date. Each of these needs a shared PINFL or birth-date key, so the pairs are found
through those keys first and only then are their name tokens counted: a common name token,
shared by hundreds of children in a district, never multiplies the join.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.view import CaseView
from baxt.application.cases.rows import CaseSummary, case_summary, masked_row
from baxt.application.duplicates.reasons import (
    WEIGHTS,
    DuplicateReason,
    SharedKeys,
    reasons_of,
)
from baxt.application.pii.row_opener import RowOpener

_R = DuplicateReason
_PAIRS = sql.SQL("""
WITH reached AS MATERIALIZED (
    SELECT c.case_id FROM case_summary c WHERE c.merged_into IS NULL AND {reach}
), keys AS MATERIALIZED (
    SELECT k.case_id, k.kind, k.key
    FROM case_match_key k JOIN reached r ON r.case_id = k.case_id
    WHERE k.kind <> 'NAME'
), matches AS (
    SELECT m.case_id AS one, o.case_id AS other, m.kind
    FROM keys m JOIN keys o ON o.key = m.key AND o.kind = m.kind AND o.case_id > m.case_id
    WHERE m.kind IN ('PINFL', 'PINFL_NEAR', 'BORN')
    UNION ALL
    SELECT m.case_id, o.case_id, 'BORN_NEAR'
    FROM keys m JOIN keys o ON o.key = m.key AND o.kind = 'BORN_NEAR' AND o.case_id <> m.case_id
    WHERE m.kind = 'BORN'
), linked AS MATERIALIZED (
    SELECT LEAST(one, other) AS first_id, GREATEST(one, other) AS second_id,
           bool_or(kind = 'PINFL') AS same_pinfl,
           bool_or(kind = 'PINFL_NEAR') AS pinfl_near,
           bool_or(kind = 'BORN') AS born,
           bool_or(kind = 'BORN_NEAR') AS born_near
    FROM matches GROUP BY 1, 2
), shared_names AS (
    SELECT l.first_id, l.second_id, count(*) AS names
    FROM linked l
    JOIN case_match_key n ON n.case_id = l.first_id AND n.kind = 'NAME'
    JOIN case_match_key p ON p.case_id = l.second_id AND p.kind = 'NAME' AND p.key = n.key
    GROUP BY l.first_id, l.second_id
), name_counts AS (
    SELECT k.case_id, count(*) AS names
    FROM case_match_key k JOIN reached r ON r.case_id = k.case_id
    WHERE k.kind = 'NAME' GROUP BY k.case_id
), judged AS (
    SELECT l.*, coalesce(s.names, 0) AS names,
           coalesce(fn.names, 0) AS first_names, coalesce(sn.names, 0) AS second_names,
           a.region = b.region AND a.district = b.district AND a.mahalla = b.mahalla
               AS same_mahalla,
           a.region = b.region AND a.district = b.district AS same_district,
           coalesce(s.names, 0) > 0
               AND s.names >= LEAST(2, coalesce(fn.names, 0), coalesce(sn.names, 0))
               AS name_match,
           l.pinfl_near AND NOT l.same_pinfl AS one_off
    FROM linked l
    LEFT JOIN shared_names s ON s.first_id = l.first_id AND s.second_id = l.second_id
    LEFT JOIN name_counts fn ON fn.case_id = l.first_id
    LEFT JOIN name_counts sn ON sn.case_id = l.second_id
    JOIN case_summary a ON a.case_id = l.first_id
    JOIN case_summary b ON b.case_id = l.second_id
    WHERE NOT (l.second_id = ANY(a.not_duplicates)) AND NOT (l.first_id = ANY(b.not_duplicates))
), proposed AS (
    SELECT j.*, LEAST(100,
           CASE WHEN j.same_pinfl THEN %(w_pinfl)s ELSE 0 END
         + CASE WHEN j.one_off THEN %(w_one_off)s ELSE 0 END
         + CASE WHEN j.name_match THEN %(w_name)s ELSE 0 END
         + CASE WHEN j.born THEN %(w_born)s ELSE 0 END
         + CASE WHEN j.born_near AND NOT j.born THEN %(w_born_near)s ELSE 0 END
         + CASE WHEN j.same_mahalla THEN %(w_mahalla)s ELSE 0 END
         + CASE WHEN j.same_district AND NOT j.same_mahalla THEN %(w_district)s ELSE 0 END
           ) AS score
    FROM judged j
    WHERE j.same_pinfl OR (j.one_off AND j.name_match)
       OR (j.name_match AND (j.born OR j.born_near))
)
{select}
""")
_PAGE = sql.SQL("""SELECT * FROM proposed
WHERE %(after_score)s::int IS NULL
   OR score < %(after_score)s
   OR (score = %(after_score)s AND (first_id, second_id) > (%(after_first)s, %(after_second)s))
ORDER BY score DESC, first_id, second_id
LIMIT %(limit)s""")
_COUNT = sql.SQL("SELECT count(*) AS total FROM proposed")
_WEIGHTS = {
    "w_pinfl": WEIGHTS[_R.SAME_PINFL],
    "w_one_off": WEIGHTS[_R.PINFL_ONE_DIGIT_OFF],
    "w_name": WEIGHTS[_R.NAME_MATCH],
    "w_born": WEIGHTS[_R.BIRTH_DATE_EXACT],
    "w_born_near": WEIGHTS[_R.BIRTH_DATE_NEAR],
    "w_mahalla": WEIGHTS[_R.SAME_MAHALLA],
    "w_district": WEIGHTS[_R.SAME_DISTRICT],
}
_ROWS = "SELECT * FROM case_summary WHERE case_id = ANY(%s)"


@dataclass(frozen=True)
class PairPosition:
    """Where a page of pairs starts after: the last pair's score and its two case IDs."""

    score: int
    first_id: UUID
    second_id: UUID


@dataclass(frozen=True)
class DuplicatePair:
    """Two cases that may be one child's, as the caller sees them (the lower case ID first),
    with the reasons and the score (0 to 100) they add up to, as `score_of` adds them."""

    first: CaseSummary
    second: CaseSummary
    reasons: tuple[DuplicateReason, ...]
    score: int

    @property
    def position(self) -> PairPosition:
        return PairPosition(self.score, self.first.case_id, self.second.case_id)


@dataclass(frozen=True)
class PairPage:
    pairs: list[DuplicatePair]
    has_next: bool


class DuplicatePairs:
    """Lists the pairs through the `case_match_key` table, by shared hashes only; the pairs'
    rows are opened by `opener` as every case read opens them."""

    def __init__(self, pool: AsyncConnectionPool[Any], opener: RowOpener | None = None) -> None:
        self._pool = pool
        self._opener = opener or RowOpener.from_environment()

    async def page(
        self, view: CaseView, *, limit: int, after: PairPosition | None = None
    ) -> PairPage:
        """Up to `limit` pairs, the strongest first (then by their case IDs), after `after`;
        both cases of each pair in the caller's reach, neither merged, the pair not marked as
        not duplicates."""
        reach, params = view.scope.named_condition("c")
        query = _PAIRS.format(reach=reach, select=_PAGE)
        params |= _WEIGHTS | _after(after) | {"limit": limit + 1}
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query, params)
            found = list(await cur.fetchall())
            rows = await self._rows(conn, found[:limit], view)
        pairs = [_pair(shared, rows) for shared in found[:limit]]
        return PairPage([p for p in pairs if p is not None], has_next=len(found) > limit)

    async def count(self, view: CaseView) -> int:
        """How many pairs the whole list holds, in the caller's reach."""
        reach, params = view.scope.named_condition("c")
        query = _PAIRS.format(reach=reach, select=_COUNT)
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query, params | _WEIGHTS)
            row = await cur.fetchone()
        return int(row["total"]) if row else 0

    async def _rows(
        self, conn: AsyncConnection[Any], found: list[dict[str, Any]], view: CaseView
    ) -> dict[UUID, CaseSummary]:
        ids = list({p[side] for p in found for side in ("first_id", "second_id")})
        async with conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(_ROWS, [ids])
            rows = await self._opener.open_rows(conn, list(await cur.fetchall()), "case_id")
        return {row["case_id"]: masked_row(case_summary(row), view.masks) for row in rows}


def _after(after: PairPosition | None) -> dict[str, Any]:
    if after is None:
        return {"after_score": None, "after_first": None, "after_second": None}
    return {
        "after_score": after.score,
        "after_first": after.first_id,
        "after_second": after.second_id,
    }


def _pair(found: dict[str, Any], rows: dict[UUID, CaseSummary]) -> DuplicatePair | None:
    shared = SharedKeys(
        names=found["names"],
        my_names=found["first_names"],
        their_names=found["second_names"],
        same_pinfl=found["same_pinfl"],
        pinfl_near=found["pinfl_near"],
        born=found["born"],
        born_near=found["born_near"],
        same_mahalla=found["same_mahalla"],
        same_district=found["same_district"],
    )
    reasons = reasons_of(shared)
    first, second = rows.get(found["first_id"]), rows.get(found["second_id"])
    if not reasons or first is None or second is None:
        return None
    return DuplicatePair(first, second, reasons, found["score"])
