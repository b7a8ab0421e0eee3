"""Each filter and order of the case list reads through an index: the plans PostgreSQL makes
for the read model's own queries, on a few thousand rows after ANALYZE, name it. Sequential
scans are priced out so the plan shows which index serves the query, never how fast."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest
from psycopg import sql

from baxt.application.cases.listing import CaseFilter, CaseOrder, conditions, page_query
from baxt.application.pii.blind_index import BlindIndex
from baxt.migrations import apply_migrations

TODAY = date(2026, 12, 1)
ROWS = 4000
_FILL = """
INSERT INTO case_summary (case_id, status, quarter, source, personal_id, full_name, birth_date,
    sex, guardian_name, guardian_phone, region, district, mahalla, version, flagged_at,
    updated_at, caseworker, escalation, visits, pending_approval, visit_due_on, planned_quarter)
SELECT gen_random_uuid(), CASE WHEN n %% 10 = 0 THEN 'CLOSED' ELSE 'VISITED' END, '2026-Q4',
    'RISK_SCREENING', lpad(n::text, 14, '0'), 'Child ' || n, DATE '2019-01-01', 'FEMALE',
    'Guardian', '+998901234567', 'Toshkent shahri', 'D' || (n %% 12), 'M' || (n %% 60), 1,
    TIMESTAMPTZ '2026-01-01' + n * INTERVAL '97 minutes',
    TIMESTAMPTZ '2026-06-01' + ((n * 7919) %% %(rows)s) * INTERVAL '53 minutes',
    CASE WHEN n %% 97 = 0 THEN NULL ELSE 'cw' || (n %% 80) END,
    CASE WHEN n %% 89 = 0 THEN 'SUPERVISOR' END,
    CASE WHEN n %% 83 = 0 THEN '[{"safety_concern": true}]'::jsonb
         ELSE '[{"safety_concern": false}]'::jsonb END,
    CASE WHEN n %% 79 = 0 THEN 'CLOSURE' END,
    %(today)s + (n %% 400) - 5, '2026-Q4'
FROM generate_series(1, %(rows)s) AS n
"""
_VISITS = """
INSERT INTO quarter_visit (case_id, quarter, due_on, seen_on)
SELECT case_id, planned_quarter, visit_due_on,
    CASE WHEN (hashtext(case_id::text) & 1) = 0 THEN visit_due_on - 3 END
FROM case_summary
"""
OVERDUE = {
    "case_summary_visit_due",
    "case_summary_due_order",
    "quarter_visit_due",
    "quarter_visit_pkey",
}
"""The overdue cases are found from the planned visit's due date or from the unseen visits."""

PARTIAL = {
    "unassigned": (
        {"case_summary_unassigned", "case_summary_caseworker_recent", "case_summary_caseworker"},
        CaseFilter(unassigned=True),
    ),
    "escalated": ({"case_summary_escalated"}, CaseFilter(escalated=True)),
    "safety concern": ({"case_summary_safety_concern"}, CaseFilter(safety_concern=True)),
    "awaiting approval": (
        {"case_summary_awaiting_approval", "case_summary_approval_queue"},
        CaseFilter(awaiting_approval=True),
    ),
}
BY_VALUE = {
    "caseworker": (
        {"case_summary_caseworker_recent", "case_summary_caseworker"},
        CaseFilter(caseworker="cw7"),
    ),
    "due before": (
        {"case_summary_visit_due", "case_summary_due_order"},
        CaseFilter(due_before=TODAY - timedelta(days=3)),
    ),
    "due after": (
        {"case_summary_visit_due", "case_summary_due_order"},
        CaseFilter(due_after=TODAY + timedelta(days=390)),
    ),
    "overdue": (
        OVERDUE,
        CaseFilter(overdue=True, today=TODAY),
    ),
    "without work plan": (
        {"case_summary_without_work_plan"},
        CaseFilter(without_work_plan=True, statuses=()),
    ),
}
ORDERS = {
    CaseOrder.RECENTLY_UPDATED: "case_summary_recent",
    CaseOrder.DUE_DATE: "case_summary_due_order",
    CaseOrder.FLAGGED_DATE: "case_summary_flagged_order",
}


@pytest.fixture(scope="module")
def conn(admin_url: str) -> Iterator[psycopg.Connection[Any]]:
    from tests.database import scratch_database

    with scratch_database(admin_url) as url:
        apply_migrations(url)
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(_FILL.encode(), {"rows": ROWS, "today": TODAY})
            connection.execute(_VISITS)
            connection.execute("ANALYZE case_summary")
            connection.execute("ANALYZE quarter_visit")
            connection.execute("SET enable_seqscan = off")
            yield connection


def _indexes(conn: psycopg.Connection[Any], query: sql.Composable, params: list[Any]) -> set[str]:
    explain = sql.SQL("EXPLAIN (FORMAT JSON) {}").format(query)
    row = conn.execute(explain, params).fetchone()
    assert row is not None
    found: set[str] = set()

    def walk(node: dict[str, Any]) -> None:
        assert node["Node Type"] != "Seq Scan", f"a sequential scan of {node['Relation Name']}"
        if "Index Name" in node:
            found.add(node["Index Name"])
        for child in node.get("Plans", ()):
            walk(child)

    walk(row[0][0]["Plan"])
    return found


_INDEX = BlindIndex(bytes(32))


def _page(case_filter: CaseFilter, order: CaseOrder) -> tuple[sql.Composable, list[Any]]:
    where, params = conditions(case_filter, _INDEX)
    query, params = page_query(where, params, order)
    return query, [*params, 20]


def _count(case_filter: CaseFilter) -> tuple[sql.Composable, list[Any]]:
    where, params = conditions(case_filter, _INDEX)
    query = sql.SQL("SELECT count(*) FROM case_summary WHERE {}").format(
        sql.SQL(" AND ").join(where)
    )
    return query, params


@pytest.mark.parametrize("name", sorted(PARTIAL | BY_VALUE))
def test_each_filter_reads_a_page_through_its_index(
    conn: psycopg.Connection[Any], name: str
) -> None:
    wanted, case_filter = (PARTIAL | BY_VALUE)[name]
    used = _indexes(conn, *_page(case_filter, CaseOrder.RECENTLY_UPDATED))
    assert used & wanted, f"{name}: the plan used {used or 'no index'}"


@pytest.mark.parametrize("name", sorted(PARTIAL | BY_VALUE))
def test_each_filter_counts_through_its_index(conn: psycopg.Connection[Any], name: str) -> None:
    wanted, case_filter = (PARTIAL | BY_VALUE)[name]
    used = _indexes(conn, *_count(case_filter))
    assert used & wanted, f"{name}: the count used {used or 'no index'}"


@pytest.mark.parametrize("order", list(CaseOrder))
def test_each_order_reads_a_page_through_its_index(
    conn: psycopg.Connection[Any], order: CaseOrder
) -> None:
    assert ORDERS[order] in _indexes(conn, *_page(CaseFilter(), order))


@pytest.mark.parametrize("order", list(CaseOrder))
def test_each_order_reads_a_page_from_the_end_through_its_index(
    conn: psycopg.Connection[Any], order: CaseOrder
) -> None:
    where, params = conditions(CaseFilter(), _INDEX)
    query, params = page_query(where, params, order, from_end=True)
    assert ORDERS[order] in _indexes(conn, query, [*params, 20])


COMMON, RARE = "karimov", "rahimov"


@pytest.fixture(scope="module")
def searchable(conn: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
    """Every case's child holds the common name; five hold the rare one as well."""
    insert = "INSERT INTO case_search SELECT case_id, 'NAME', %s FROM case_summary"
    conn.execute(insert, _INDEX.search_terms(COMMON))
    conn.execute(insert + " ORDER BY case_id LIMIT 5", _INDEX.search_terms(RARE))
    conn.execute("ANALYZE case_search")
    return conn


def test_a_search_for_a_common_name_walks_the_list_in_its_order(
    searchable: psycopg.Connection[Any],
) -> None:
    used = _indexes(searchable, *_page(CaseFilter(search=COMMON), CaseOrder.RECENTLY_UPDATED))
    assert "case_summary_recent" in used


def test_a_search_for_a_rare_name_reads_its_cases_from_the_terms_by_key(
    searchable: psycopg.Connection[Any],
) -> None:
    searched = CaseFilter(search=f"{COMMON} {RARE}")
    used = _indexes(searchable, *_page(searched, CaseOrder.RECENTLY_UPDATED))
    assert {"case_search_term", "case_summary_pkey"} <= used
