"""A page of cases with their histories costs the same queries for 10 cases as for 100."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any, cast

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict
from psycopg.sql import Composable
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.audit.access_log import AccessLog
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import CaseReadModel
from baxt.application.cases.service import CaseService
from baxt.application.directory import ServiceDirectory
from baxt.application.partners.reads import PartnerReferralReads
from baxt.application.partners.service import PartnerService
from baxt.bootstrap import event_store_env
from baxt.domain.values import FlagSource
from baxt.graphql.core.context import Context, Services
from baxt.graphql.schema import schema
from baxt.migrations import apply_migrations
from baxt.projections.case_summary import case_summary_runner
from tests.database import scratch_database
from tests.factories import child, household
from tests.integration.conftest import CASE_KEY

CASES = 100
MAHALLA = "Bunyodkor"
CASEWORKER = Principal("aziza.caseworker", Role.CASEWORKER, mahallas=(MAHALLA,))
PAGE_WITH_HISTORY = """query($first: Int!) { cases(first: $first) { edges { node {
  id status referrals { provider steps { kind } }
  history(first: 10) { nodes { sequence type actor data } pageInfo { hasNextPage } } } } } }"""


@pytest.fixture(scope="module")
async def database(admin_url: str) -> AsyncIterator[str]:
    with scratch_database(admin_url) as url:
        apply_migrations(url)
        _write_cases(url)
        yield url


def _write_cases(url: str) -> None:
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY)
    for _ in range(CASES):
        flagged = child()
        for _ in range(2):  # the second flag of the same child adds to its case
            app.flag_child(
                child=flagged,
                household=household(mahalla=MAHALLA),
                source=FlagSource.RISK_SCREENING,
                indicators=[],
                note="",
                actor="t",
            )
    with case_summary_runner(event_store_env(url)) as runner:
        runner.wait(app.recorder.max_notification_id(), timeout=60)
    app.close()


@contextmanager
def counted_statements(url: str) -> Iterator[list[str]]:
    """Every statement a psycopg cursor of this process runs meanwhile on the database of
    `url`, sync or async, but for a new connection's settings (other tests' servers may be
    running on other databases)."""
    dbname = conninfo_to_dict(url)["dbname"]
    seen: list[str] = []
    sync_execute, async_execute = psycopg.Cursor.execute, psycopg.AsyncCursor.execute

    def note(cursor: Any, query: Any) -> None:
        if cursor.connection.info.dbname != dbname:
            return
        text = query.as_string(cursor.connection) if isinstance(query, Composable) else str(query)
        if text.strip() and not text.lstrip().upper().startswith("SET "):
            seen.append(text)

    def counting(cursor: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        note(cursor, query)
        return sync_execute(cursor, query, *args, **kwargs)

    async def counting_async(cursor: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        note(cursor, query)
        return await async_execute(cursor, query, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(psycopg.Cursor, "execute", counting)
        patch.setattr(psycopg.AsyncCursor, "execute", counting_async)
        yield seen


async def _page_of_cases(url: str, first: int) -> tuple[list[dict[str, Any]], list[str]]:
    """The page read by a fresh API (no key cached), and the statements reading it ran."""
    data, statements = await _answer(url, PAGE_WITH_HISTORY, {"first": first})
    return data["cases"]["edges"], statements


async def _answer(
    url: str, query: str, variables: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The answer of a fresh API (no key cached), and the statements answering it ran."""
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY)
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False, min_size=1)
    await pool.open()
    try:
        context = Context(None, None, CASEWORKER, _services(app, pool))
        with counted_statements(url) as statements:
            result = await schema.execute(query, variable_values=variables, context_value=context)
        assert result.errors is None
        assert result.data is not None
        return result.data, statements
    finally:
        await pool.close()
        app.close()


def _services(app: CaseApplication, pool: AsyncConnectionPool[Any]) -> Services:
    read_model = CaseReadModel(pool)
    unused = cast(Any, None)
    reads = PartnerReferralReads(pool, lambda: cast(Any, None))
    return Services(
        cases=CaseService(app, read_model, read_your_writes_timeout=1),
        staff=unused,
        feed=unused,
        workload=unused,
        imports=unused,
        access=AccessLog(pool),
        audit=unused,
        webhooks=unused,
        directory=ServiceDirectory(pool),
        partners=PartnerService(
            app,
            reads,
            read_model,
            read_your_writes_timeout=1,
            clock=cast(Any, None),
            concerns=unused,
        ),
        partner_figures=unused,
        monitoring=unused,
        max_page_size=100,
        concerns=unused,
    )


async def test_a_page_of_100_cases_with_histories_costs_the_queries_of_a_page_of_10(
    database: str,
) -> None:
    ten, ten_statements = await _page_of_cases(database, 10)
    hundred, hundred_statements = await _page_of_cases(database, 100)

    assert len(ten) == 10
    assert len(hundred) == CASES
    for edge in hundred:
        history = edge["node"]["history"]
        assert [e["type"] for e in history["nodes"]] == ["Flagged", "FlagAdded"]
        assert [e["sequence"] for e in history["nodes"]] == [1, 2]
        assert history["pageInfo"]["hasNextPage"] is False
    assert len(ten_statements) == len(hundred_statements)
    assert len(hundred_statements) <= 6  # one of them reads the page's keys, to open its rows


def _counts(statements: list[str]) -> list[str]:
    return [text for text in statements if "count(*)" in text.lower()]


async def test_a_page_asked_without_total_count_runs_no_count(database: str) -> None:
    _, statements = await _answer(database, "{ cases(first: 5) { edges { cursor } } }", {})

    assert _counts(statements) == []


async def test_total_count_counts_once_the_whole_list_in_reach_and_a_history_counts_none(
    database: str,
) -> None:
    query = """{ cases(first: 5) { totalCount nodes { history(first: 1) { totalCount } } } }"""
    data, statements = await _answer(database, query, {})

    assert data["cases"]["totalCount"] == CASES
    assert [node["history"]["totalCount"] for node in data["cases"]["nodes"]] == [2] * 5
    assert len(_counts(statements)) == 1
