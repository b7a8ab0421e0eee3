"""Monitoring figures: the figures query's latency over N cases' facts, against raw SQL
aggregates; and the rate of a rebuild of the figures from events, against raw inserts.

Run from the repository root: python -m bench.figures [--cases N] [--repeats R] [--events-cases M]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from uuid import uuid4

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.rules import Reach
from baxt.application.access.scope import CaseScope
from baxt.application.monitoring.figures import FigureRequest, MonitoringFigures
from baxt.application.monitoring.rows import FigurePlace
from baxt.application.monitoring.statements import (
    COUNTED,
    figures_query,
    indicator_query,
    predicate,
    timings_query,
)
from baxt.bootstrap import event_store_env
from baxt.domain.monitoring.measures import PlaceLevel
from baxt.domain.quarter import Quarter
from baxt.migrations import apply_migrations
from baxt.projections.rebuild import rebuild
from bench._db import (
    Stopwatch,
    Timing,
    durability,
    log,
    positive_int,
    print_table,
    scratch_database,
)
from bench._figures import Figure, add_json_option, record, write_figures
from bench.write_path import case_application, consult, contact, play_cases, refer, visit

QUARTER = Quarter(2026, 4)
REGIONS, DISTRICTS, MAHALLAS = 14, 12, 20  # districts a region, mahallas a district
FIGURES_SQL = (figures_query, timings_query, indicator_query)
FOLLOW_UPS = (contact, visit, consult, refer)
EVENTS_PER_CASE = 1 + len(FOLLOW_UPS)
BATCH = 1000
_FILL = """
INSERT INTO monitoring_facts (
    case_id, quarter, region, district, mahalla, sex, age_band, source, indicators,
    flagged_new, flagged_again, contacted, visited, child_seen, consulted, work_plan, referred,
    linked, closed, close_reason, failed_call, unseen_visit, safety_concern, surveyed,
    days_to_contact, days_to_visit, days_to_consultation, days_to_service)
SELECT md5(n::text)::uuid, %(quarter)s,
    'Region ' || n %% 14, 'District ' || n %% 14 || '.' || n / 14 %% 12,
    'Mahalla ' || n %% 14 || '.' || n / 14 %% 12 || '.' || n / 168 %% 20,
    (ARRAY['FEMALE', 'MALE'])[n %% 2 + 1],
    (ARRAY['AGE_0_2', 'AGE_3_5', 'AGE_6_11', 'AGE_12_17'])[n %% 4 + 1],
    (ARRAY['RISK_SCREENING', 'COMMUNITY_REPORT', 'MAHALLA_TEAM', 'SOCIAL_REGISTRY',
           'PARTNER_NGO', 'AGE3_SURVEY'])[n %% 6 + 1],
    ARRAY['IND_' || n %% 44, 'IND_' || n %% 7, 'IND_' || n %% 13],
    n %% 10 < 8, n %% 10 >= 8, n %% 3 <> 0, n %% 4 <> 0, n %% 5 <> 0, n %% 6 <> 0,
    n %% 6 <> 0, n %% 7 <> 0, n %% 9 = 0, n %% 11 = 0,
    CASE WHEN n %% 11 = 0 THEN 'SERVICES_LINKED' END, n %% 8 = 0, n %% 13 = 0, n %% 97 = 0,
    n %% 6 = 5,
    CASE WHEN n %% 3 <> 0 THEN n %% 30 END, CASE WHEN n %% 4 <> 0 THEN n %% 45 END,
    CASE WHEN n %% 6 <> 0 THEN n %% 60 END, CASE WHEN n %% 9 = 0 THEN n %% 90 END
FROM generate_series(1, %(cases)s) AS n"""


def fill_facts(url: str, cases: int) -> float:
    """One fact row per case in QUARTER, spread over 14 regions and 3360 mahallas; then
    vacuumed and analysed, as autovacuum leaves a settled table (so an index-only scan can
    skip the rows). Returns the seconds all of it took."""
    with Stopwatch() as watch:
        with psycopg.connect(url) as conn:
            conn.execute(_FILL, {"quarter": str(QUARTER), "cases": cases})
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE monitoring_facts")
    return watch.seconds


def _raw_by_region() -> sql.SQL:
    """The baseline: every count by region, one GROUP BY, no breakdowns and no times."""
    counts = ", ".join(f"count(*) FILTER (WHERE {predicate(m)})" for m in COUNTED)
    return sql.SQL(
        f"SELECT region, {counts} FROM monitoring_facts WHERE quarter = %(quarter)s GROUP BY region"
    )


async def latencies(times: int, call: Callable[[], Awaitable[object]]) -> list[float]:
    """Each call's wall-clock seconds, after one call to warm the caches."""
    await call()
    found = []
    for _ in range(times):
        started = time.perf_counter()
        await call()
        found.append(time.perf_counter() - started)
    return found


async def query_latencies(url: str, repeats: int) -> list[tuple[str, list[float]]]:
    """The service's figures (exact, and suppressed) and the raw SQL baselines."""
    everywhere = FigureRequest(QUARTER, FigurePlace(), PlaceLevel.REGION)
    one_region = FigureRequest(QUARTER, FigurePlace(region="Region 3"), PlaceLevel.MAHALLA)
    params = {"quarter": str(QUARTER), "region": None, "district": None, "mahalla": None}
    reach = CaseScope(Reach.EVERYTHING).named_condition()[0]
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False, min_size=1)
    async with pool:
        service = MonitoringFigures(pool)

        async def raw(query: sql.Composable) -> None:
            async with pool.connection() as conn:
                await (await conn.execute(query, params)).fetchall()

        auditor, analyst = Principal("a", Role.AUDITOR), Principal("b", Role.ANALYST)
        queries = [q(PlaceLevel.REGION).format(reach=reach) for q in FIGURES_SQL]
        runs: list[tuple[str, Callable[[], Awaitable[object]]]] = [
            ("figures by region, exact", lambda: service.figures(everywhere, auditor)),
            ("figures by region, suppressed", lambda: service.figures(everywhere, analyst)),
            ("figures, a region's mahallas, suppr.", lambda: service.figures(one_region, analyst)),
            ("raw: the figures' three SQL queries", lambda: _each(raw, queries)),
            ("raw: counts by region, one GROUP BY", lambda: raw(_raw_by_region())),
        ]
        return [(label, await latencies(repeats, call)) for label, call in runs]


async def _each(
    raw: Callable[[sql.Composable], Awaitable[None]], queries: Sequence[sql.Composable]
) -> None:
    for query in queries:
        await raw(query)


def rebuild_figures(url: str, cases: int) -> tuple[Timing, int]:
    """Plays `cases` whole cases, then times a rebuild of the projection the figures are in."""
    app = case_application(url)
    try:
        play_cases(
            app, range(cases), FOLLOW_UPS, "writing flag, contact, visit, consultation, referral"
        )
    finally:
        app.close()
    with Stopwatch() as watch:
        rebuilt = rebuild(event_store_env(url), "case_summary")
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM monitoring_facts").fetchone()
    facts = int(row[0]) if row else 0
    return Timing("baxt rebuild (events)", rebuilt.events, watch.seconds), facts


def raw_fact_inserts(url: str, rows: int) -> Timing:
    """`rows` copies of a projected fact row, each with a new case_id, by executemany in batches
    of BATCH in one transaction, into a table LIKE monitoring_facts."""
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE raw_facts (LIKE monitoring_facts INCLUDING ALL)")
        cur = conn.execute("SELECT * FROM monitoring_facts LIMIT 1")
        template = cur.fetchone()
        assert template is not None
        assert cur.description is not None
        columns = [c.name for c in cur.description]
        insert = sql.SQL("INSERT INTO raw_facts ({}) VALUES ({})").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder() * len(columns)),
        )
        with Stopwatch() as watch, conn.cursor() as insert_cur:
            for start in range(0, rows, BATCH):
                size = min(BATCH, rows - start)
                insert_cur.executemany(insert, [[uuid4(), *template[1:]] for _ in range(size)])
            conn.commit()
    return Timing("raw executemany facts, 1 txn", rows, watch.seconds)


def _quantiles(seconds: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return statistics.median(seconds) * 1000, cuts[98] * 1000


def run(cases: int, repeats: int, event_cases: int) -> None:
    with scratch_database() as url:
        apply_migrations(url)
        log(f"filling {cases} cases' facts")
        filled = fill_facts(url, cases)
        log(f"timing the figures query {repeats} times each")
        found = asyncio.run(query_latencies(url, repeats))
        with psycopg.connect(url) as conn:
            conn.execute("TRUNCATE monitoring_facts")
        rebuilt, facts = rebuild_figures(url, event_cases)
        raw = raw_fact_inserts(url, facts)
        server = durability(url)
    print(f"\nmonitoring figures: {cases} cases' facts in {QUARTER} ({filled:.1f} s to fill)")
    print(server)
    print(f"\n{'query':<40} {'p50 ms':>9} {'p99 ms':>9}   ({repeats} runs each)")
    quantiles = {label: _quantiles(seconds) for label, seconds in found}
    raw_label = "raw: the figures' three SQL queries"
    for label, (p50, p99) in quantiles.items():
        print(f"{label:<40} {p50:>9.1f} {p99:>9.1f}")
        for at, mine, theirs in (
            ("p50", p50, quantiles[raw_label][0]),
            ("p99", p99, quantiles[raw_label][1]),
        ):
            if label.startswith("raw"):
                record(Figure(f"{label} {at}", mine, "ms", cases))
            else:
                record(
                    Figure(
                        f"baxt {label} {at}",
                        mine,
                        "ms",
                        cases,
                        f"{raw_label} {at}",
                        theirs,
                        mine / theirs,
                    )
                )
    print(f"\nrebuild: {event_cases} cases x {EVENTS_PER_CASE} events, {facts} fact rows")
    facts_rate = Timing("baxt rebuild (fact rows)", facts, rebuilt.seconds)
    print_table([rebuilt, facts_rate, raw], [raw])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.figures", description=__doc__)
    parser.add_argument("--cases", type=positive_int, default=1_000_000, help="facts (1000000)")
    parser.add_argument("--repeats", type=positive_int, default=20, help="runs a query (20)")
    parser.add_argument(
        "--events-cases", type=positive_int, default=2000, help="cases rebuilt, 5 events each"
    )
    add_json_option(parser)
    args = parser.parse_args(argv)
    run(args.cases, args.repeats, args.events_cases)
    write_figures(args.json)


if __name__ == "__main__":
    main()
