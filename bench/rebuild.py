"""Projection rebuild: events/s `baxt project --rebuild case_summary` projects into shadow
tables and swaps in, against a raw batched insert of as many rows.

Run from the repository root: python -m bench.rebuild [--cases N]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import psycopg
from psycopg import sql

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter
from baxt.domain.values import ContactOutcome, FlagSource, Visit
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.rebuild import Rebuilt, check, rebuild
from bench._db import (
    Stopwatch,
    Timing,
    durability,
    log,
    positive_int,
    print_table,
    progress,
    scratch_database,
)
from bench._figures import add_json_option, write_figures
from bench.projection_catchup import template_row
from bench.write_path import case_application, child, household

SEED_BATCH = 1000  # aggregates per CaseApplication.save: one transaction, one table lock
BATCH = 1000  # events per rebuild transaction, and rows per baseline transaction
EVENTS_PER_CASE = 5  # flagged, visit planned, assigned, contact attempted, visited
ACTOR = "bench.rebuild"


def seeded_case(app: CaseApplication, index: int, now: datetime) -> Case:
    kid = child(index, now.date())
    case = Case.flag(
        case_id=app.case_id_for(kid.personal_id),
        child=kid,
        household=household(index),
        source=FlagSource.RISK_SCREENING,
        indicators=("SCHOOL_ABSENCE",),
        note="Flagged by the benchmark",
        actor=ACTOR,
        now=now - timedelta(days=2),
    )
    case.plan_visit(quarter=Quarter.containing(now), actor=ACTOR)
    case.assign(caseworker=f"bench.worker.{index % 20}", reason="", actor=ACTOR)
    visit_at = now - timedelta(days=1)
    case.record_contact_attempt(
        outcome=ContactOutcome.REACHED, visit_scheduled_at=visit_at, note="", actor=ACTOR
    )
    case.record_visit(visit=Visit(visit_at, True, True, "", False), actor=ACTOR, now=now)
    return case


def seed(url: str, cases: int) -> Timing:
    """Saves `cases` cases of five events each, SEED_BATCH cases a transaction."""
    app = case_application(url)
    now = datetime.now(UTC)
    label = "seeding cases"
    try:
        with Stopwatch() as watch:
            for start in range(0, cases, SEED_BATCH):
                stop = min(start + SEED_BATCH, cases)
                app.save(*(seeded_case(app, i, now) for i in range(start, stop)))
                progress(label, stop, cases)
    finally:
        app.close()
    return Timing(f"seed: save ({SEED_BATCH} cases/txn)", cases * EVENTS_PER_CASE, watch.seconds)


def live_catch_up(url: str, events: int) -> Timing:
    label = "live catch-up, tracked notification"
    with Stopwatch() as watch:
        catch_up_case_summary(
            event_store_env(url),
            batch_size=BATCH,
            progress=lambda at, end: progress(label, at, end),
        )
    return Timing(f"live batched catch-up ({BATCH}/txn)", events, watch.seconds)


def timed_rebuild(url: str) -> tuple[Rebuilt, Timing]:
    label = "rebuilding, tracked notification"
    with Stopwatch() as watch:
        done = rebuild(
            event_store_env(url),
            "case_summary",
            batch_size=BATCH,
            progress=lambda at, end: progress(label, at, end),
        )
    return done, Timing(f"baxt rebuild + swap ({BATCH}/txn)", done.events, watch.seconds)


def timed_check(url: str, events: int) -> tuple[bool, Timing]:
    label = "checking, tracked notification"
    with Stopwatch() as watch:
        result = check(
            event_store_env(url),
            "case_summary",
            batch_size=BATCH,
            progress=lambda at, end: progress(label, at, end),
        )
    return result.matches, Timing("baxt check (rebuild + compare)", events, watch.seconds)


def raw_batched_insert(url: str, rows: int) -> Timing:
    """`rows` copies of a projected case_summary row, each with a new case_id, inserted by
    executemany into a table LIKE case_summary, BATCH rows and one COMMIT a batch."""
    label = f"raw executemany ({BATCH}/txn)"
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE raw_rebuild (LIKE case_summary INCLUDING ALL)")
        conn.commit()
        columns, template = template_row(conn)
        insert = sql.SQL("INSERT INTO raw_rebuild (case_id, {}) VALUES (%s, {})").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder() * len(columns)),
        )
        with Stopwatch() as watch, conn.cursor() as cur:
            for start in range(0, rows, BATCH):
                size = min(BATCH, rows - start)
                cur.executemany(insert, [[uuid4(), *template] for _ in range(size)])
                conn.commit()
                progress(label, start + size, rows)
    return Timing(label, rows, watch.seconds)


def run(cases: int) -> None:
    with scratch_database() as url:
        apply_migrations(url)
        seeded = seed(url, cases)
        events = cases * EVENTS_PER_CASE
        log(f"wrote {events} events")
        live = live_catch_up(url, events)
        done, rebuilt = timed_rebuild(url)
        matches, checked = timed_check(url, events)
        raw = raw_batched_insert(url, events)
        server = durability(url)
    print(f"\nprojection rebuild: {cases} cases x {EVENTS_PER_CASE} events")
    print(server)
    print(f"events seeded at {seeded.rate:.0f} events/s ({seeded.seconds:.3f} s)")
    print(
        f"rebuild projected {done.events} events up to notification {done.position};"
        f" the swap held the live tables locked for {done.swap_seconds * 1000:.1f} ms"
    )
    print(f"check afterwards: {'same rows' if matches else 'ROWS DIFFER'}")
    print_table([live, rebuilt, checked, raw], [raw])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.rebuild", description=__doc__)
    parser.add_argument(
        "--cases", type=positive_int, default=20_000, help="cases written, 5 events each (20000)"
    )
    add_json_option(parser)
    args = parser.parse_args(argv)
    run(args.cases)
    write_figures(args.json)


if __name__ == "__main__":
    main()
