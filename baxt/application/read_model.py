from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from psycopg import sql
from psycopg.errors import UndefinedTable
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.domain.values import (
    CaseStatus,
    Child,
    CloseReason,
    EscalationLevel,
    FlagReason,
    FlagSource,
    Household,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    Referral,
    ReferralStatus,
    Sex,
    Visit,
)

TRACKING_TABLE = "case_summary_tracking"
APPLICATION_NAME = "Cases"
EVENTS_TABLE = "cases_events"


@dataclass(frozen=True)
class CaseRow:
    """A case as the `case_summary` read model holds it."""

    case_id: UUID
    status: CaseStatus
    quarter: str
    source: FlagSource
    indicators: tuple[str, ...]
    child: Child
    household: Household
    contact_attempts: int
    visit_scheduled_at: datetime | None
    child_seen: bool
    visits: tuple[Visit, ...]
    needs: tuple[Need, ...]
    plan: tuple[PlanItem, ...]
    referrals: tuple[Referral, ...]
    close_reason: CloseReason | None
    caseworker: str | None
    visit_due_on: date | None
    escalation: EscalationLevel | None
    version: int
    flagged_at: datetime
    updated_at: datetime
    flag_reason: FlagReason | None = None


@dataclass(frozen=True)
class CaseFilter:
    statuses: tuple[CaseStatus, ...] = ()
    region: str | None = None
    district: str | None = None
    mahalla: str | None = None
    quarter: str | None = None
    source: FlagSource | None = None
    search: str | None = None


@dataclass(frozen=True)
class Position:
    """A place in the list ordered most recently updated first."""

    updated_at: datetime
    case_id: UUID


@dataclass(frozen=True)
class Page:
    rows: list[CaseRow]
    has_next: bool
    has_previous: bool


class CaseReadModel:
    """Reads `case_summary` through an async pool: one case, many cases, or a keyset page."""

    def __init__(self, pool: AsyncConnectionPool[Any]) -> None:
        self._pool = pool

    async def get(self, case_id: UUID) -> CaseRow | None:
        found = await self.get_many([case_id])
        return found.get(case_id)

    async def get_many(self, case_ids: Sequence[UUID]) -> dict[UUID, CaseRow]:
        rows = await self._fetch(
            sql.SQL("SELECT * FROM case_summary WHERE case_id = ANY(%s)"), [list(case_ids)]
        )
        return {row["case_id"]: _case_row(row) for row in rows}

    async def page(
        self,
        case_filter: CaseFilter,
        *,
        limit: int,
        after: Position | None = None,
        before: Position | None = None,
        from_end: bool = False,
    ) -> Page:
        """Up to `limit` rows after `after` or before `before`, newest first; `last` counts back."""
        conditions, params = _conditions(case_filter)
        if after is not None:
            conditions.append(sql.SQL("(updated_at, case_id) < (%s, %s)"))
            params += [after.updated_at, after.case_id]
        if before is not None:
            conditions.append(sql.SQL("(updated_at, case_id) > (%s, %s)"))
            params += [before.updated_at, before.case_id]
        backwards = from_end or (before is not None and after is None)
        order = sql.SQL("ASC" if backwards else "DESC")
        query = sql.SQL(
            "SELECT * FROM case_summary WHERE {where}"
            " ORDER BY updated_at {order}, case_id {order} LIMIT %s"
        ).format(where=sql.SQL(" AND ").join(conditions), order=order)
        rows = [_case_row(row) for row in await self._fetch(query, [*params, limit + 1])]
        more = len(rows) > limit
        rows = rows[:limit]
        if backwards:
            rows.reverse()
            return Page(rows, has_next=before is not None, has_previous=more)
        return Page(rows, has_next=more, has_previous=after is not None)

    async def tracked_notification_id(self) -> int:
        """How far the projection has got; 0 before it has ever run."""
        query = sql.SQL("SELECT notification_id FROM {} WHERE application_name = %s").format(
            sql.Identifier(TRACKING_TABLE)
        )
        try:
            rows = await self._fetch(query, [APPLICATION_NAME])
        except UndefinedTable:
            return 0
        return int(rows[0]["notification_id"]) if rows else 0

    async def lag(self) -> int:
        """How many stored events the projection has yet to process."""
        query = sql.SQL("SELECT max(notification_id) AS last FROM {}").format(
            sql.Identifier(EVENTS_TABLE)
        )
        try:
            rows = await self._fetch(query, [])
        except UndefinedTable:
            return 0
        last = rows[0]["last"] or 0
        return max(0, int(last) - await self.tracked_notification_id())

    async def wait_for(self, notification_id: int, seconds: float) -> bool:
        """Waits until the projection has tracked `notification_id`; False when time ran out."""
        deadline = time.monotonic() + seconds
        pause = 0.002
        while await self.tracked_notification_id() < notification_id:
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.05)
        return True

    async def _fetch(self, query: sql.Composable, params: list[Any]) -> list[dict[str, Any]]:
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query, params)
            rows: list[dict[str, Any]] = await cur.fetchall()
            return rows


def _conditions(case_filter: CaseFilter) -> tuple[list[sql.Composable], list[Any]]:
    conditions: list[sql.Composable] = [sql.SQL("TRUE")]
    params: list[Any] = []
    if case_filter.statuses:
        conditions.append(sql.SQL("status = ANY(%s)"))
        params.append([s.value for s in case_filter.statuses])
    for column in ("region", "district", "mahalla", "quarter"):
        value = getattr(case_filter, column)
        if value is not None:
            conditions.append(sql.SQL("{} = %s").format(sql.Identifier(column)))
            params.append(value)
    if case_filter.source is not None:
        conditions.append(sql.SQL("source = %s"))
        params.append(case_filter.source.value)
    if case_filter.search:
        conditions.append(sql.SQL("lower(full_name) LIKE %s"))
        params.append(_escape_like(case_filter.search.strip().lower()) + "%")
    return conditions, params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _case_row(row: dict[str, Any]) -> CaseRow:
    return CaseRow(
        case_id=row["case_id"],
        status=CaseStatus(row["status"]),
        quarter=row["quarter"],
        source=FlagSource(row["source"]),
        indicators=tuple(row["indicators"]),
        child=Child(
            personal_id=row["personal_id"],
            full_name=row["full_name"],
            birth_date=row["birth_date"],
            sex=Sex(row["sex"]),
        ),
        household=Household(
            guardian_name=row["guardian_name"],
            guardian_phone=row["guardian_phone"],
            region=row["region"],
            district=row["district"],
            mahalla=row["mahalla"],
        ),
        contact_attempts=row["contact_attempts"],
        visit_scheduled_at=row["visit_scheduled_at"],
        child_seen=row["child_seen"],
        visits=tuple(_visit(v) for v in row["visits"]),
        needs=tuple(
            Need(NeedDomain(n["domain"]), NeedLevel(n["level"]), n["note"]) for n in row["needs"]
        ),
        plan=tuple(
            PlanItem(p["goal"], p["service_category"], date.fromisoformat(p["due_on"]))
            for p in row["plan"]
        ),
        referrals=tuple(
            Referral(
                r["id"],
                r["service_category"],
                r["provider"],
                r["reason"],
                ReferralStatus(r["status"]),
            )
            for r in row["referrals"]
        ),
        close_reason=CloseReason(row["close_reason"]) if row["close_reason"] else None,
        caseworker=row["caseworker"],
        visit_due_on=row["visit_due_on"],
        escalation=EscalationLevel(row["escalation"]) if row["escalation"] else None,
        version=row["version"],
        flagged_at=row["flagged_at"],
        updated_at=row["updated_at"],
        flag_reason=_flag_reason(row["flag_reason"]) if row["flag_reason"] else None,
    )


def _flag_reason(data: dict[str, Any]) -> FlagReason:
    return FlagReason(data["rule_set"], float(data["score"]), tuple(data["indicators"]))


def _visit(data: dict[str, Any]) -> Visit:
    return Visit(
        visited_at=datetime.fromisoformat(data["visited_at"]),
        child_seen=data["child_seen"],
        guardian_present=data["guardian_present"],
        observations=data["observations"],
        safety_concern=data["safety_concern"],
    )
