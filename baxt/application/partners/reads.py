"""Reads of `partner_referral` through the API's async pool: one organisation's rows only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.partners.rows import (
    PartnerReferralRow,
    ProgressEntry,
    partner_referral_row,
    progress_entries,
)
from baxt.application.pii.row_opener import RowOpener
from baxt.domain.values import ReferralStatus

_VISIBLE = "organisation_id = %s AND visible"
_ONE = sql.SQL(
    "SELECT * FROM partner_referral WHERE referral_id = %s AND organisation_id = %s AND visible"
)


@dataclass(frozen=True)
class ReferralPosition:
    """A place in an organisation's list, most recently updated first."""

    updated_at: datetime
    referral_id: str


@dataclass(frozen=True)
class ReferralPage:
    rows: list[PartnerReferralRow]
    has_next: bool


class PartnerReferralReads:
    """An organisation's referrals: only those made to it while consent to share is in force."""

    def __init__(
        self,
        pool: AsyncConnectionPool[Any],
        today: Callable[[], date],
        opener: RowOpener | None = None,
    ) -> None:
        self._pool = pool
        self._today = today
        self._opener = opener or RowOpener.from_environment()

    async def get(self, referral_id: str, organisation_id: str) -> PartnerReferralRow | None:
        rows = await self._fetch(_ONE, [referral_id, organisation_id])
        return partner_referral_row(rows[0], self._today()) if rows else None

    async def page(
        self,
        organisation_id: str,
        *,
        statuses: tuple[ReferralStatus, ...],
        limit: int,
        after: ReferralPosition | None,
    ) -> ReferralPage:
        """Up to `limit` rows after `after`, newest first, in the statuses (any when empty)."""
        conditions: list[sql.Composable] = [sql.SQL(_VISIBLE)]
        params: list[Any] = [organisation_id]
        if statuses:
            conditions.append(sql.SQL("status = ANY(%s)"))
            params.append([s.value for s in statuses])
        if after is not None:
            conditions.append(sql.SQL("(updated_at, referral_id) < (%s, %s)"))
            params += [after.updated_at, after.referral_id]
        query = sql.SQL(
            "SELECT * FROM partner_referral WHERE {} "
            "ORDER BY updated_at DESC, referral_id DESC LIMIT %s"
        ).format(sql.SQL(" AND ").join(conditions))
        rows = await self._fetch(query, [*params, limit + 1])
        today = self._today()
        found = [partner_referral_row(row, today) for row in rows[:limit]]
        return ReferralPage(found, has_next=len(rows) > limit)

    async def steps(self, referral_ids: list[str]) -> dict[str, tuple[ProgressEntry, ...]]:
        """Each referral's recorded steps, for the caseworker's view of the case."""
        query = sql.SQL(
            "SELECT referral_id, case_id, progress FROM partner_referral"
            " WHERE referral_id = ANY(%s)"
        )
        rows = await self._fetch(query, [referral_ids])
        return {row["referral_id"]: progress_entries(row["progress"]) for row in rows}

    async def count(self, organisation_id: str, *, statuses: tuple[ReferralStatus, ...]) -> int:
        """How many rows `page` lists for the organisation in the statuses, every page."""
        conditions: list[sql.Composable] = [sql.SQL(_VISIBLE)]
        params: list[Any] = [organisation_id]
        if statuses:
            conditions.append(sql.SQL("status = ANY(%s)"))
            params.append([s.value for s in statuses])
        query = sql.SQL("SELECT count(*) AS n FROM partner_referral WHERE {}").format(
            sql.SQL(" AND ").join(conditions)
        )
        return int((await self._fetch(query, params))[0]["n"])

    async def _fetch(self, query: sql.Composable, params: list[Any]) -> list[dict[str, Any]]:
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query, params)
            rows: list[dict[str, Any]] = await cur.fetchall()
            return await self._opener.open_rows(conn, rows, "case_id")
