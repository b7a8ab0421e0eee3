"""The API under load: requests/s, p50 and p99 of `case(id)` and `cases(first: 50, filter)`
from 50 concurrent clients (wrk), against a minimal Starlette and async psycopg endpoint
answering the same `case_summary` rows as JSON, in the same run, on the same database.

Run from the repository root: python -m bench.api [--cases N] [--seconds S]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from urllib.parse import quote
from uuid import UUID

import httpx
from psycopg.conninfo import conninfo_to_dict

from baxt.application.access.principal import Role
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.values import FlagSource
from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.core.node import global_id
from baxt.http.local_issuer import LocalIssuer
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from bench._db import durability, log, positive_int, progress, scratch_database
from bench._figures import Figure, add_json_option, record, write_figures
from bench._wrk import CONNECTIONS, Load, Target, require_wrk, run_wrk
from bench.write_path import case_application, child, household

SEED_BATCH = 1000
MAHALLA = "Bunyodkor"  # every benchmark household's (bench.write_path.household)
STATUS = "FLAGGED"
ACTOR = "bench.api"
JWT_SECRET = "bench-api-" + "0" * 32
CASE_FIELDS = """fragment CaseFields on Case {
  id status quarter source indicators version contactAttempts childSeen closeReason escalation
  visitScheduledAt flaggedAt updatedAt followUps lastFollowUpAt
  child { personalId fullName birthDate sex ageYears }
  household { guardianName guardianPhone region district mahalla }
  visits { visitedAt childSeen guardianPresent safetyConcern observations }
  needs { domain level note }
  plan { goal serviceCategory dueOn }
  referrals { id serviceCategory provider reason status }
}"""
"""The fields a front end shows of a case (the tests' CASE_FIELDS)."""
CASE_QUERY = "query Case($id: ID!) { case(id: $id) { ...CaseFields } }\n" + CASE_FIELDS
CASES_QUERY = (
    "query Cases($first: Int, $filter: CaseFilter) { cases(first: $first, filter: $filter)"
    " { edges { cursor node { ...CaseFields } } pageInfo { hasNextPage endCursor } } }\n"
) + CASE_FIELDS
CASES_VARIABLES = {"first": 50, "filter": {"mahalla": MAHALLA, "status": [STATUS]}}
CYCLED = 1000
SETTLE_WITHIN = 120.0
"""The longest wait, before and after each run, for both servers to answer quickly again."""
"""Distinct cases the `case(id)` runs cycle over."""


def seed(url: str, cases: int) -> list[UUID]:
    """Flags `cases` children, SEED_BATCH cases a transaction, and projects them."""
    app = case_application(url)
    now = datetime.now(UTC)
    ids: list[UUID] = []
    try:
        for start in range(0, cases, SEED_BATCH):
            stop = min(start + SEED_BATCH, cases)
            batch = [_flagged(app.case_id_for, i, now) for i in range(start, stop)]
            app.save(*batch)
            ids += [case.id for case in batch]
            progress("flagging cases", len(ids), cases)
    finally:
        app.close()
    log("projecting case_summary")
    catch_up_case_summary(event_store_env(url), batch_size=SEED_BATCH)
    return ids


def _flagged(case_id_for: Callable[[str], UUID], index: int, now: datetime) -> Case:
    kid = child(index, now.date())
    return Case.flag(
        case_id=case_id_for(kid.personal_id),
        child=kid,
        household=household(index),
        source=FlagSource.RISK_SCREENING,
        indicators=("SCHOOL_ABSENCE",),
        note="Flagged by the benchmark",
        actor=ACTOR,
        now=now,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(command: list[str], environment: dict[str, str], probe: str) -> Iterator[None]:
    """Runs `command` as a child process until the block ends; first waits until `probe`
    answers."""
    child_process = subprocess.Popen(command, env=environment, stdout=sys.stderr)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while not _answers(probe):
            if child_process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(command[:4])} did not start")
            time.sleep(0.2)
        yield
    finally:
        child_process.terminate()
        child_process.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        httpx.get(url, timeout=2)
    except httpx.TransportError:
        return False
    return True


def api_command(port: int) -> list[str]:
    return [sys.executable, "-m", "baxt", "serve", "--port", str(port)]


def api_environment(url: str) -> dict[str, str]:
    """The API in production mode on the scratch database, its rate limit lifted."""
    return os.environ | {
        "BAXT_DATABASE_URL": as_url(url),
        "BAXT_ENVIRONMENT": "production",
        "BAXT_JWT_SECRET": JWT_SECRET,
        "BAXT_RATE_LIMIT": "1000000000/minute",
        "BAXT_LOG_LEVEL": "WARNING",
        "BAXT_PUBLIC_URL": "https://baxt.bench.local",
    }


def as_url(conninfo: str) -> str:
    """A libpq connection string as the postgresql:// URL the settings ask for."""
    info = conninfo_to_dict(conninfo)
    user = quote(str(info.get("user") or "postgres"))
    password = f":{quote(str(info['password']))}" if info.get("password") else ""
    host, port = info.get("host") or "127.0.0.1", info.get("port") or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{quote(str(info['dbname']))}"


def graphql_targets(base: str, token: str, case_ids: Sequence[UUID]) -> list[Target]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    one = [("/graphql", _case_body(global_id(CASE_TYPE, str(i)))) for i in case_ids]
    page = [("/graphql", json.dumps({"query": CASES_QUERY, "variables": CASES_VARIABLES}))]
    return [
        Target("baxt case(id)", base, "POST", one, headers),
        Target("baxt cases(first: 50, filter)", base, "POST", page, headers),
    ]


def _case_body(case_id: str) -> str:
    return json.dumps({"query": CASE_QUERY, "variables": {"id": case_id}})


def raw_targets(base: str, ids: Sequence[UUID], log_reads: bool) -> list[Target]:
    suffix = "?log=1" if log_reads else ""
    also = " + access log" if log_reads else ""
    page = f"/cases?mahalla={MAHALLA}&status={STATUS}" + ("&log=1" if log_reads else "")
    return [
        Target(f"raw case row{also}", base, "GET", [(f"/case/{i}{suffix}", "") for i in ids], {}),
        Target(f"raw 50 rows{also}", base, "GET", [(page, "")], {}),
    ]


def check_answers(targets: Sequence[Target]) -> None:
    """Each target's first request answers 200 with data and no error, or the run stops."""
    for target in targets:
        path, body = target.requests[0]
        answer = httpx.request(
            target.method, target.base_url + path, content=body or None, headers=target.headers
        )
        data = answer.json()
        refused = isinstance(data, dict) and (data.get("errors") or data.get("data") == {})
        if answer.status_code != 200 or refused or not data:
            raise RuntimeError(f"{target.label} answered {answer.status_code}: {answer.text[:500]}")


def measure(
    wrk: str, targets: Sequence[Target], seconds: int, probes: Sequence[str], settle_within: float
) -> list[Load]:
    """Each target warmed up for 2 s (connections opened, documents cached), then loaded for
    `seconds`; before each, both servers are left (up to `settle_within` seconds) to finish
    what the last run left them."""
    loads = []
    for target in targets:
        log(f"{target.label}: {CONNECTIONS} connections for {seconds} s")
        run_wrk(wrk, target, 2)
        settle(probes, within=settle_within)
        loads.append(run_wrk(wrk, target, seconds))
        settle(probes, within=settle_within)
    return loads


def settle(probes: Sequence[str], *, quick: float = 0.1, within: float = SETTLE_WITHIN) -> None:
    """Waits until each probe answers in under `quick` seconds twice in a row: requests wrk
    gave up on when it stopped are still being served, and would slow the next run."""
    deadline = time.monotonic() + within
    for probe in probes:
        quick_in_a_row = 0
        while quick_in_a_row < 2 and time.monotonic() < deadline:
            started = time.monotonic()
            _answers(probe)
            quick_in_a_row = quick_in_a_row + 1 if time.monotonic() - started < quick else 0
            time.sleep(0.2)


def run(cases: int, seconds: int, settle_within: float = SETTLE_WITHIN) -> None:
    wrk = require_wrk()
    with scratch_database() as url:
        apply_migrations(url)
        case_ids = seed(url, cases)[:CYCLED]
        issuer = LocalIssuer(JWT_SECRET.encode())
        token = issuer.issue(ACTOR, Role.CASEWORKER, hours=2, scope={"mahallas": [MAHALLA]})
        api_port, raw_port = _free_port(), _free_port()
        api, raw = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{raw_port}"
        targets = [
            *graphql_targets(api, token, case_ids),
            *raw_targets(raw, case_ids, log_reads=False),
            *raw_targets(raw, case_ids, log_reads=True),
        ]
        raw_command = [sys.executable, "-m", "bench._raw_api", str(raw_port), url]
        nobody = UUID(int=0)
        with (
            serving(api_command(api_port), api_environment(url), f"{api}/healthz"),
            serving(raw_command, dict(os.environ), f"{raw}/case/{nobody}"),
        ):
            check_answers(targets)
            probes = [f"{api}/healthz", f"{raw}/case/{nobody}"]
            loads = measure(wrk, targets, seconds, probes, settle_within)
        server = durability(url)
    print(f"\nAPI under load: {cases} cases, {CONNECTIONS} connections, {seconds} s a run")
    print(server)
    print_loads(loads)


def print_loads(loads: list[Load]) -> None:
    """One line per run, then each Baxt run's requests/s over its raw baselines'."""
    print(f"\n{'run':<36} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7}")
    for load in loads:
        print(
            f"{load.label:<36} {load.requests:>9} {load.rate:>8.0f} {load.p50_ms:>8.1f}"
            f" {load.p99_ms:>8.1f} {load.failed:>7}"
        )
    one, page, raw_one, raw_page, logged_one, logged_page = loads
    print("\nratios of requests/s")
    for baxt, raw, logged in ((one, raw_one, logged_one), (page, raw_page, logged_page)):
        print(
            f"{baxt.label:<36} / {raw.label}: {baxt.rate / raw.rate:.3f};"
            f" / {logged.label}: {baxt.rate / logged.rate:.3f}"
        )
    record_loads(loads)


def record_loads(loads: list[Load]) -> None:
    """Keeps each run's requests/s (Baxt's over both its baselines) and its p99."""
    one, page, raw_one, raw_page, logged_one, logged_page = loads
    for baxt, baselines in ((one, (raw_one, logged_one)), (page, (raw_page, logged_page))):
        for base in baselines:
            ratio = baxt.rate / base.rate
            record(
                Figure(baxt.label, baxt.rate, "req/s", baxt.requests, base.label, base.rate, ratio)
            )
    for base in (raw_one, raw_page, logged_one, logged_page):
        record(Figure(base.label, base.rate, "req/s", base.requests))
    for load in loads:
        record(Figure(f"{load.label} p99", load.p99_ms, "ms", load.requests))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__)
    parser.add_argument(
        "--cases", type=positive_int, default=5000, help="cases flagged and projected (5000)"
    )
    parser.add_argument(
        "--seconds", type=positive_int, default=15, help="length of each wrk run (15)"
    )
    parser.add_argument(
        "--settle",
        type=positive_int,
        default=int(SETTLE_WITHIN),
        help="longest wait, around each run, for both servers to answer quickly again (120)",
    )
    add_json_option(parser)
    args = parser.parse_args(argv)
    run(args.cases, args.seconds, args.settle)
    write_figures(args.json)


if __name__ == "__main__":
    main()
