"""The case list at national size: `cases(first: 50, filter)` for each filter, one client at
a time, on `case_summary` filled by COPY to a million rows, against the same SELECT and
`json.dumps` run directly on psycopg; with the plan PostgreSQL picks for each filter.

Run from the repository root: python -m bench.case_list [--cases N] [--requests R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

import httpx
import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from baxt.application.access.principal import Role
from baxt.application.access.rules import Reach
from baxt.application.access.scope import CaseScope
from baxt.application.cases.listing import CaseFilter, CaseOrder, conditions, page_query
from baxt.domain.values import CaseStatus, FlagSource, RegistryCategory
from baxt.http.local_issuer import LocalIssuer
from baxt.migrations import apply_migrations
from bench._db import durability, log, positive_int, progress, scratch_database
from bench._figures import Figure, add_json_option, record, write_figures
from bench.api import (
    CASES_QUERY,
    JWT_SECRET,
    _free_port,
    api_command,
    api_environment,
    seed,
    serving,
)

TEMPLATES = 50
"""Cases flagged and projected the ordinary way; the COPY repeats their rows."""
REGIONS = 14
DISTRICTS = 15
"""Districts a region: 14 x 15 = 210, about Uzbekistan's."""
MAHALLAS = 45
"""Mahallas a district: 210 x 45 = 9,450, about the country's."""
PAGE = 50
WARM_UP = 5
P99_GOAL_MS = 50.0
P50_GOAL_RATIO = 2.0
COPY_CHUNK = 10_000
ACTOR = "bench.case_list"
SUPERVISED_REGION = "Region 0"
"""The supervisor's reach: one region, about a fourteenth of the country."""
STATUSES = [status.value for status in CaseStatus]
SOURCES = [source.value for source in FlagSource]
CATEGORIES = [category.value for category in RegistryCategory]


@dataclass(frozen=True)
class Listed:
    """One filter, as the API is sent it and as the read model's SQL takes it."""

    label: str
    graphql: dict[str, Any]
    read: CaseFilter = field(default_factory=CaseFilter)


def filters(today: date) -> list[Listed]:
    """Every filter of `CaseFilter`, each alone but the first (the api bench's)."""
    district, mahalla = "District 0-3", "Mahalla 0-3-7"
    due = (today + timedelta(days=30)).isoformat()
    return [
        Listed(
            "mahalla + status",
            {"mahalla": mahalla, "status": ["FLAGGED"]},
            CaseFilter(mahalla=mahalla, statuses=(CaseStatus.FLAGGED,)),
        ),
        Listed("no filter", {}),
        Listed("status", {"status": ["CONSULTED"]}, CaseFilter(statuses=(CaseStatus.CONSULTED,))),
        Listed("district", {"district": district}, CaseFilter(district=district)),
        Listed("mahalla", {"mahalla": mahalla}, CaseFilter(mahalla=mahalla)),
        Listed("quarter", {"quarter": "2026-Q1"}, CaseFilter(quarter="2026-Q1")),
        Listed("source", {"source": "PARTNER_NGO"}, CaseFilter(source=FlagSource.PARTNER_NGO)),
        # A name search goes through the blind index, which bench.name_search measures.
        Listed("caseworker", {"caseworker": "cw-0-3-1"}, CaseFilter(caseworker="cw-0-3-1")),
        Listed("unassigned", {"unassigned": True}, CaseFilter(unassigned=True)),
        Listed("escalated", {"escalated": True}, CaseFilter(escalated=True)),
        Listed("safetyConcern", {"safetyConcern": True}, CaseFilter(safety_concern=True)),
        Listed("awaitingApproval", {"awaitingApproval": True}, CaseFilter(awaiting_approval=True)),
        Listed("withoutWorkPlan", {"withoutWorkPlan": True}, CaseFilter(without_work_plan=True)),
        Listed("overdue", {"overdue": True}, CaseFilter(overdue=True, today=today)),
        Listed("dueBefore", {"dueBefore": due}, CaseFilter(due_before=date.fromisoformat(due))),
        Listed(
            "registryCategory",
            {"registryCategory": "POOR"},
            CaseFilter(registry_category=RegistryCategory.POOR),
        ),
    ]


def fill(url: str, cases: int) -> None:
    """`cases` rows in `case_summary` by COPY, each a projected case's row with its ID, name,
    place, status, source, caseworker, dates and registry category varied."""
    seed(url, TEMPLATES)
    with psycopg.connect(url) as conn:
        columns = [
            row[0]
            for row in conn.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = 'case_summary' ORDER BY ordinal_position"
            )
        ]
        with conn.cursor().copy("COPY case_summary TO STDOUT") as out:
            lines = b"".join(bytes(chunk) for chunk in out).decode().splitlines()
        templates = [line.split("\t") for line in lines]
        conn.execute("TRUNCATE case_summary")
        at = {name: columns.index(name) for name in columns}
        started = datetime.now(UTC)
        with conn.cursor().copy("COPY case_summary FROM STDIN") as into:
            chunk: list[str] = []
            for n in range(cases):
                chunk.append("\t".join(_row(templates[n % len(templates)], at, n, started)))
                if len(chunk) == COPY_CHUNK or n == cases - 1:
                    into.write("\n".join(chunk) + "\n")
                    chunk = []
                    progress("copying case_summary rows", n + 1, cases)
        conn.execute("ANALYZE case_summary")


def _row(template: list[str], at: dict[str, int], n: int, started: datetime) -> list[str]:
    """Row `n`: its place from `n` (every mahalla as full as the next), the rest from bits of
    a hash of `n`, so that no filter's values line up with a region's."""
    row = list(template)
    region, district, mahalla = n % REGIONS, n // REGIONS % DISTRICTS, n // 210 % MAHALLAS
    case_id = uuid5(UUID(int=0), f"case-{n}")
    bits = case_id.int >> 64
    updated = started - timedelta(seconds=n * 7)
    values = {
        "case_id": str(case_id),
        "full_name": f"Bench Child {n}",
        "personal_id": f"{n:014d}",
        "birth_date": (date(2009, 1, 1) + timedelta(days=n % 6000)).isoformat(),
        "region": f"Region {region}",
        "district": f"District {region}-{district}",
        "mahalla": f"Mahalla {region}-{district}-{mahalla}",
        "status": STATUSES[bits % len(STATUSES)],
        "source": SOURCES[(bits >> 3) % len(SOURCES)],
        "quarter": f"{2023 + (bits >> 6) % 4}-Q{(bits >> 8) % 4 + 1}",
        "caseworker": f"cw-{region}-{district}-{(bits >> 12) % 20}" if (bits >> 10) % 3 else "\\N",
        "updated_at": updated.isoformat(),
        "flagged_at": (updated - timedelta(days=n % 400)).isoformat(),
        "visit_due_on": (started.date() + timedelta(days=(bits >> 18) % 120 - 60)).isoformat()
        if (bits >> 17) % 2
        else "\\N",
        "registry_category": CATEGORIES[(bits >> 25) % len(CATEGORIES)]
        if (bits >> 27) % 4
        else "\\N",
    }
    for name, value in values.items():
        row[at[name]] = value
    return row


def supervisor_scope() -> CaseScope:
    return CaseScope(reach=Reach.DISTRICTS_OR_REGIONS, regions=(SUPERVISED_REGION,))


def raw_page(listed: Listed) -> tuple[sql.Composed, list[Any]]:
    """The read model's SELECT for the filter in the supervisor's reach, and its params."""
    where, params = conditions(listed.read, None)
    reach, reach_params = supervisor_scope().condition()
    query, params = page_query(
        [*where, reach], [*params, *reach_params], CaseOrder.RECENTLY_UPDATED
    )
    return sql.Composed([query]), [*params, PAGE + 1]


@dataclass(frozen=True)
class Plan:
    """What EXPLAIN (ANALYZE, BUFFERS) found: the indexes read, whether a table was read
    whole, and the server's own execution time."""

    indexes: tuple[str, ...]
    seq_scans: tuple[str, ...]
    execution_ms: float
    buffers: int

    def says(self) -> str:
        scans = ", ".join(f"SEQ SCAN {table}" for table in self.seq_scans)
        return ", ".join(filter(None, [", ".join(self.indexes), scans])) or "(no scan)"


def explain(conn: psycopg.Connection[Any], listed: Listed) -> Plan:
    query, params = raw_page(listed)
    explained = sql.SQL("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {}").format(query)
    (found,) = conn.execute(explained, params).fetchall()
    top = found["QUERY PLAN"][0]
    indexes: list[str] = []
    seq_scans: list[str] = []
    for node in _nodes(top["Plan"]):
        if "Index Name" in node and node["Index Name"] not in indexes:
            indexes.append(node["Index Name"])
        if node["Node Type"] == "Seq Scan":
            seq_scans.append(node["Relation Name"])
    buffers = top["Plan"].get("Shared Hit Blocks", 0) + top["Plan"].get("Shared Read Blocks", 0)
    return Plan(tuple(indexes), tuple(seq_scans), float(top["Execution Time"]), buffers)


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def percentiles(call: Callable[[], Any], requests: int) -> tuple[float, float]:
    """p50 and p99 in ms of `requests` calls one after the other, after a few untimed."""
    for _ in range(WARM_UP):
        call()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[98]


def raw_timings(
    conn: psycopg.Connection[Any], listed: Listed, requests: int
) -> tuple[float, float]:
    query, params = raw_page(listed)

    def answer() -> str:
        rows = conn.execute(query, params).fetchall()
        return json.dumps(rows[:PAGE], default=str)

    return percentiles(answer, requests)


def api_timings(client: httpx.Client, listed: Listed, requests: int) -> tuple[float, float]:
    body = json.dumps(
        {"query": CASES_QUERY, "variables": {"first": PAGE, "filter": listed.graphql}}
    )

    def answer() -> None:
        answered = client.post("/graphql", content=body)
        data = answered.json()
        if answered.status_code != 200 or data.get("errors"):
            raise RuntimeError(f"{listed.label} answered {answered.status_code}: {answered.text}")

    return percentiles(answer, requests)


@dataclass(frozen=True)
class Measured:
    listed: Listed
    plan: Plan
    raw: tuple[float, float]
    api: tuple[float, float]


def run(cases: int, requests: int) -> None:
    today = datetime.now(UTC).date()
    chosen = filters(today)
    with scratch_database() as url:
        apply_migrations(url)
        fill(url, cases)
        log(f"case_summary holds {cases} rows")
        token = LocalIssuer(JWT_SECRET.encode()).issue(
            ACTOR, Role.SUPERVISOR, hours=2, scope={"regions": [SUPERVISED_REGION]}
        )
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        measured = []
        with (
            psycopg.connect(url, row_factory=dict_row, autocommit=True) as conn,
            serving(api_command(port), api_environment(url), f"{base}/healthz"),
            httpx.Client(
                base_url=base,
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                timeout=60,
            ) as client,
        ):
            for listed in chosen:
                log(f"{listed.label}: {requests} requests each way")
                plan = explain(conn, listed)
                measured.append(
                    Measured(
                        listed,
                        plan,
                        raw_timings(conn, listed, requests),
                        api_timings(client, listed, requests),
                    )
                )
        server = durability(url)
    report(cases, requests, server, measured)


def report(cases: int, requests: int, server: str, measured: Sequence[Measured]) -> None:
    print(
        f"\ncase list: cases(first: {PAGE}, filter) on {cases:,} case_summary rows,"
        f" a supervisor of one region; {requests} requests one after the other, each way"
    )
    print(server)
    print(
        f"raw: the read model's SELECT + json.dumps on psycopg, in-process; goals: p50 within"
        f" {P50_GOAL_RATIO:g}x raw, p99 < {P99_GOAL_MS:g} ms, an index for every filter\n"
    )
    print(
        f"{'filter':<22} {'p50 ms':>7} {'p99 ms':>7} {'raw p50':>8} {'raw p99':>8} {'x raw':>6}"
        f" {'server ms':>9} {'buffers':>8}  plan"
    )
    for m in measured:
        ratio = m.api[0] / m.raw[0]
        print(
            f"{m.listed.label:<22} {m.api[0]:>7.1f} {m.api[1]:>7.1f} {m.raw[0]:>8.1f}"
            f" {m.raw[1]:>8.1f} {ratio:>6.1f} {m.plan.execution_ms:>9.2f} {m.plan.buffers:>8}"
            f"  {m.plan.says()}"
        )
        name = f"baxt cases(first: {PAGE}, {m.listed.label}) p50"
        baseline = f"raw SELECT + JSON, {m.listed.label} p50"
        record(Figure(name, m.api[0], "ms", cases, baseline, m.raw[0], ratio))
        record(Figure(f"baxt cases(first: {PAGE}, {m.listed.label}) p99", m.api[1], "ms", cases))
        record(Figure(baseline, m.raw[0], "ms", cases))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.case_list", description=__doc__)
    parser.add_argument(
        "--cases", type=positive_int, default=1_000_000, help="case_summary rows (1000000)"
    )
    parser.add_argument(
        "--requests", type=positive_int, default=200, help="timed requests a filter, each way"
    )
    add_json_option(parser)
    args = parser.parse_args(argv)
    if args.cases < TEMPLATES:
        sys.exit(f"--cases must be at least {TEMPLATES}")
    run(args.cases, args.requests)
    write_figures(args.json)


if __name__ == "__main__":
    main()
