"""What the case list filters on and orders by, as SQL on `case_summary`.

Every filter and every order has an index (migrations 0001, 0003, 0014-0016 and 0020), and
a search reads the blind index's `case_search_term` (0030, its statistics kept by 0035). An
order is a key and the case ID after it, so that the list stays keyset-paginated in each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from psycopg import sql

from baxt.application.cases.rows import CaseSummary
from baxt.application.pii.blind_index import BlindIndex
from baxt.domain.values import CaseStatus, FlagSource, RegistryCategory

SAFETY_CONCERN = sql.SQL("""visits @> '[{"safety_concern": true}]'""")
"""A visit of the case saw a safety concern; the partial index of 0020 is on this condition."""
NO_DUE_DATE = "infinity"
"""A case with no planned visit sorts after every due date."""


class CaseOrder(StrEnum):
    """The orders the case list comes in."""

    RECENTLY_UPDATED = "RECENTLY_UPDATED"
    DUE_DATE = "DUE_DATE"
    FLAGGED_DATE = "FLAGGED_DATE"


@dataclass(frozen=True)
class CaseFilter:
    """What the case list is narrowed to. `overdue`: the case is open and its planned
    quarter's visit is due before `today` with the child not yet seen that quarter (what the
    reminders remind of); `due_before`/`due_after`: the planned visit's due date, inclusive."""

    statuses: tuple[CaseStatus, ...] = ()
    region: str | None = None
    district: str | None = None
    mahalla: str | None = None
    quarter: str | None = None
    source: FlagSource | None = None
    search: str | None = None
    without_work_plan: bool | None = None
    caseworker: str | None = None
    unassigned: bool | None = None
    escalated: bool | None = None
    overdue: bool | None = None
    safety_concern: bool | None = None
    due_before: date | None = None
    due_after: date | None = None
    awaiting_approval: bool | None = None
    registry_category: RegistryCategory | None = None
    today: date | None = None
    """The day `overdue` is judged on; required when `overdue` is given."""


@dataclass(frozen=True)
class Keyset:
    """A place in the list in one order: the row's key in that order, then its case ID."""

    key: datetime | date | str
    case_id: UUID


@dataclass(frozen=True)
class _OrderKey:
    expression: sql.Composable
    descending: bool
    cast: sql.Composable


ORDER_KEYS = {
    CaseOrder.RECENTLY_UPDATED: _OrderKey(sql.SQL("updated_at"), True, sql.SQL("timestamptz")),
    CaseOrder.DUE_DATE: _OrderKey(
        sql.SQL("coalesce(visit_due_on, 'infinity'::date)"), False, sql.SQL("date")
    ),
    CaseOrder.FLAGGED_DATE: _OrderKey(sql.SQL("flagged_at"), False, sql.SQL("timestamptz")),
}
"""Most recently updated first; the soonest planned visit first (none last); the longest
flagged first. Each with the case ID after it, in the same direction."""


def order_key(order: CaseOrder, row: CaseSummary) -> str:
    """The text of a row's key in `order`, as its cursor holds it."""
    if order is CaseOrder.DUE_DATE:
        return row.visit_due_on.isoformat() if row.visit_due_on else NO_DUE_DATE
    moment = row.updated_at if order is CaseOrder.RECENTLY_UPDATED else row.flagged_at
    return moment.isoformat()


def page_query(
    where: list[sql.Composable],
    params: list[Any],
    order: CaseOrder,
    *,
    after: Keyset | None = None,
    before: Keyset | None = None,
    from_end: bool = False,
) -> tuple[sql.Composable, list[Any]]:
    """The page's SELECT on `case_summary` under the conditions `where`, between `after` and
    `before` in `order`, and its params but the last: the LIMIT, which the caller adds."""
    where, params = list(where), list(params)
    for at, beyond in ((after, True), (before, False)):
        if at is not None:
            where.append(keyset_condition(order, at, beyond=beyond))
            params += [at.key, at.case_id]
    query = sql.SQL("SELECT * FROM case_summary WHERE {where} ORDER BY {order} LIMIT %s").format(
        where=sql.SQL(" AND ").join(where), order=order_by(order, reverse=from_end)
    )
    return query, params


def keyset_condition(order: CaseOrder, at: Keyset, *, beyond: bool) -> sql.Composable:
    """The rows after `at` in `order` (`beyond`), or before it; params: key, case ID."""
    key = ORDER_KEYS[order]
    later = key.descending != beyond
    return sql.SQL("({expression}, case_id) {op} (%s::{cast}, %s)").format(
        expression=key.expression, op=sql.SQL(">" if later else "<"), cast=key.cast
    )


def order_by(order: CaseOrder, *, reverse: bool) -> sql.Composable:
    key = ORDER_KEYS[order]
    direction = sql.SQL("DESC" if key.descending != reverse else "ASC")
    return sql.SQL("{expression} {direction}, case_id {direction}").format(
        expression=key.expression, direction=direction
    )


def conditions(
    case_filter: CaseFilter, index: BlindIndex | None
) -> tuple[list[sql.Composable], list[Any]]:
    """The filter as SQL conditions on `case_summary` (`%s` params), TRUE first; a search
    goes through the blind `index` (none before any case was indexed: nothing matches)."""
    found: list[sql.Composable] = [sql.SQL("TRUE")]
    params: list[Any] = []
    _place_and_kind(case_filter, found, params)
    terms = index.search_terms(case_filter.search) if index and case_filter.search else []
    if terms:
        found.append(_holding(len(terms)))
        params += terms
    elif case_filter.search:
        found.append(sql.SQL("FALSE"))
    _worklist(case_filter, found, params)
    return found, params


def _place_and_kind(
    case_filter: CaseFilter, found: list[sql.Composable], params: list[Any]
) -> None:
    if case_filter.statuses:
        found.append(sql.SQL("status = ANY(%s)"))
        params.append([s.value for s in case_filter.statuses])
    for column in ("region", "district", "mahalla", "quarter", "caseworker"):
        value = getattr(case_filter, column)
        if value is not None:
            found.append(sql.SQL("{} = %s").format(sql.Identifier(column)))
            params.append(value)
    for column, code in (
        ("source", case_filter.source),
        ("registry_category", case_filter.registry_category),
    ):
        if code is not None:
            found.append(sql.SQL("{} = %s").format(sql.Identifier(column)))
            params.append(code.value)


def _holding(terms: int) -> sql.Composable:
    """The cases whose blind index holds each of `terms` terms (`%s` params): its PINFL's, or
    a prefix of one of the child's name tokens for each token searched.

    One copy of `case_search` for each term, joined on the case, lets PostgreSQL choose by
    its statistics: walk the list in its order and look each case's terms up (a common
    term fills a page within a few hundred cases), or intersect the terms' runs of
    `case_search_term` and fetch only the cases in all of them (a rare term)."""
    held = [sql.Identifier(f"held_{n}") for n in range(terms)]
    first, *others = held
    tables = [sql.SQL("case_search {}").format(first)]
    tables += [sql.SQL("JOIN case_search {} USING (case_id)").format(name) for name in others]
    matched = sql.SQL(" AND ").join(sql.SQL("{}.term = %s").format(name) for name in held)
    return sql.SQL("case_id IN (SELECT case_id FROM {tables} WHERE {matched})").format(
        tables=sql.SQL(" ").join(tables), matched=matched
    )


def _worklist(case_filter: CaseFilter, found: list[sql.Composable], params: list[Any]) -> None:
    if case_filter.without_work_plan is not None:
        found.append(sql.SQL("status IN ('CONSULTED', 'REFERRED') AND has_work_plan = %s"))
        params.append(not case_filter.without_work_plan)
    flags = (
        (case_filter.unassigned, sql.SQL("caseworker IS NULL")),
        (case_filter.escalated, sql.SQL("escalation IS NOT NULL")),
        (case_filter.safety_concern, SAFETY_CONCERN),
        (case_filter.awaiting_approval, sql.SQL("pending_approval IS NOT NULL")),
    )
    for wanted, condition in flags:
        if wanted is not None:
            found.append(condition if wanted else _not(condition))
    if case_filter.overdue is not None:
        found.append(_overdue() if case_filter.overdue else _not(_overdue()))
        params.append(case_filter.today)
    for bound, op in ((case_filter.due_before, "<="), (case_filter.due_after, ">=")):
        if bound is not None:
            found.append(sql.SQL("visit_due_on {} %s").format(sql.SQL(op)))
            params.append(bound)


def _overdue() -> sql.Composable:
    return sql.SQL(
        "status <> 'CLOSED' AND visit_due_on < %s AND EXISTS (SELECT FROM quarter_visit q"
        " WHERE q.case_id = case_summary.case_id AND q.quarter = case_summary.planned_quarter"
        " AND q.seen_on IS NULL)"
    )


def _not(condition: sql.Composable) -> sql.Composable:
    return sql.SQL("({}) IS NOT TRUE").format(condition)
