"""Projection catch-up: how fast case_summary catches up on events written while it was stopped.

Run from the repository root: python -m bench.projection_catchup [--cases N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import Any
from uuid import uuid4

import psycopg
from eventsourcing.projection import ProjectionRunner
from psycopg import sql
from psycopg.rows import TupleRow
from psycopg.types.json import Jsonb

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.migrations import apply_migrations
from baxt.projections.case_summary import (
    CaseSummaryView,
    case_summary_runner,
)
from baxt.projections.catch_up import catch_up_case_summary
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
from bench.write_path import case_application, contact, play_cases, visit

FOLLOW_UPS = (contact, visit)  # with the flag, three events a case
EVENTS_PER_CASE = 1 + len(FOLLOW_UPS)
BATCH = 1000
CATCH_UP_TIMEOUT = 600.0

Runner = ProjectionRunner[CaseApplication, CaseSummaryView]


def write_events(url: str, cases: int) -> tuple[int, Timing]:
    """Plays the cases with no projection running; returns the last notification ID."""
    app = case_application(url)
    try:
        with Stopwatch() as watch:
            play_cases(app, range(cases), FOLLOW_UPS, "writing flag + contact + visit")
        last_id = app.recorder.max_notification_id()
    finally:
        app.close()
    if last_id is None:
        raise RuntimeError("no events were written")
    return last_id, Timing("baxt write (no projection)", cases * EVENTS_PER_CASE, watch.seconds)


def batched_catch_up(url: str, events: int) -> Timing:
    """Forgets the projection, then times the batched catch-up that precedes live projection."""
    with psycopg.connect(url) as conn:
        conn.execute("TRUNCATE case_summary")
        conn.execute("DELETE FROM case_summary_tracking WHERE application_name = 'Cases'")
    label = "projecting in batches, tracked notification"
    with Stopwatch() as watch:
        done = catch_up_case_summary(
            event_store_env(url),
            batch_size=BATCH,
            progress=lambda at, end: progress(label, at, end),
        )
    if done != events:
        raise RuntimeError(f"batched catch-up projected {done} events, not {events}")
    return Timing(f"baxt batched catch-up ({BATCH}/txn)", events, watch.seconds)


def catch_up(url: str, last_id: int, events: int) -> Timing:
    """Starts the live projection runner alone and times it until it has tracked `last_id`."""
    started = time.perf_counter()
    runner: Runner
    with case_summary_runner(event_store_env(url)) as runner:
        wait_with_progress(runner, last_id)
        seconds = time.perf_counter() - started
    return Timing("baxt live runner (1 event/txn)", events, seconds)


def wait_with_progress(runner: Runner, last_id: int) -> None:
    """runner.wait(last_id) in short slices, showing the tracked position between them."""
    deadline = time.monotonic() + CATCH_UP_TIMEOUT
    label = "projecting, tracked notification"
    tracked = 0
    while True:
        try:
            runner.wait(last_id, timeout=0.2)
        except TimeoutError:
            if time.monotonic() > deadline:
                raise
            tracked = runner.view.max_tracking_id(CaseApplication.name) or 0
            progress(label, tracked, last_id)
        else:
            if tracked < last_id:
                progress(label, last_id, last_id)
            return


def summary_rows(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM case_summary").fetchone()
    return int(row[0]) if row else 0


def raw_batched_insert(url: str, rows: int) -> Timing:
    """`rows` copies of a projected case_summary row, each with a new case_id, inserted by
    executemany in batches of BATCH, all in one transaction, into a table LIKE case_summary."""
    label = "raw executemany, 1 txn"
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE raw_case_summary (LIKE case_summary INCLUDING ALL)")
        conn.commit()
        columns, template = template_row(conn)
        insert = sql.SQL("INSERT INTO raw_case_summary (case_id, {}) VALUES (%s, {})").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder() * len(columns)),
        )
        with Stopwatch() as watch:
            with conn.cursor() as cur:
                for start in range(0, rows, BATCH):
                    size = min(BATCH, rows - start)
                    cur.executemany(insert, [[uuid4(), *template] for _ in range(size)])
                    progress(label, start + size, rows)
            conn.commit()
    return Timing(label, rows, watch.seconds)


def template_row(conn: psycopg.Connection[TupleRow]) -> tuple[list[str], list[Any]]:
    """The columns of case_summary other than case_id, and one projected row's values for them."""
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM case_summary ORDER BY updated_at DESC LIMIT 1")
        row = cur.fetchone()
        if row is None or cur.description is None:
            raise RuntimeError("case_summary is empty")
        jsonb = conn.adapters.types["jsonb"].oid
        pairs = [
            (column.name, Jsonb(value) if column.type_code == jsonb else value)
            for column, value in zip(cur.description, row, strict=True)
            if column.name != "case_id"
        ]
    return [name for name, _ in pairs], [value for _, value in pairs]


def run(cases: int) -> None:
    with scratch_database() as url:
        apply_migrations(url)
        last_id, written = write_events(url, cases)
        events = cases * EVENTS_PER_CASE
        log(f"wrote {events} events; last notification ID {last_id}")
        projected = catch_up(url, last_id, events)
        batched = batched_catch_up(url, events)
        rows = summary_rows(url)
        raw = raw_batched_insert(url, events)
        server = durability(url)
    print(f"\nprojection catch-up: {cases} cases x {EVENTS_PER_CASE} events (flag, contact, visit)")
    print(server)
    print(f"case_summary rows after catch-up: {rows}; tracked up to notification {last_id}")
    print(f"events written beforehand at {written.rate:.0f} events/s ({written.seconds:.3f} s)")
    print_table([projected, batched, raw], [raw])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.projection_catchup", description=__doc__)
    parser.add_argument(
        "--cases", type=positive_int, default=2000, help="cases written, 3 events each (2000)"
    )
    add_json_option(parser)
    args = parser.parse_args(argv)
    run(args.cases)
    write_figures(args.json)


if __name__ == "__main__":
    main()
