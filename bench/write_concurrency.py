"""Writes under concurrency: one-event commands from many clients at once, against raw one-row
commits from as many connections.

Run from the repository root:
python -m bench.write_concurrency [--clients 50] [--commands 40]

Each client owns one case and records a contact attempt on it, `--commands` times, one command
after the other, as the API runs a mutation: an asyncio task hands the command to a worker
thread (`command_in_thread`), which loads the case from the event store and saves its event.
The raw baseline: as many threads, each on its own psycopg connection, each committing one-row
INSERTs into a table shaped like the event table, with a stored ContactAttempted event's bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import anyio.to_thread
import psycopg
from psycopg import sql

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.saving import GROUP_MOST
from baxt.application.transient import command_in_thread
from baxt.bootstrap import event_store_env
from baxt.domain.values import ContactOutcome
from baxt.migrations import apply_migrations
from bench._db import (
    Stopwatch,
    Timing,
    durability,
    log,
    positive_int,
    print_table,
    scratch_database,
)
from bench._figures import add_json_option, write_figures
from bench.write_path import ACTOR, CASE_KEY, EVENTS_TABLE, StoredRow, create_events_table, flag

RAW_TABLE = "raw_concurrent_events"


def baxt_label(clients: int, grouped: bool) -> str:
    return f"baxt {clients} clients, {'group commit' if grouped else 'one txn each'}"


def raw_label(clients: int) -> str:
    return f"raw {clients} conns INSERT+COMMIT"


# The Baxt run.


def open_cases(app: CaseApplication, clients: int, *, first: int) -> list[UUID]:
    """One flagged case for each client, children `first` onwards, with one contact attempt."""
    today = datetime.now(UTC).date()
    cases = [flag(app, index, today).case_id for index in range(first, first + clients)]
    for case_id in cases:
        record_contact(app, case_id)
    return cases


def record_contact(app: CaseApplication, case_id: UUID) -> None:
    now = app.now()
    app.change_case(
        case_id,
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=now + timedelta(days=1),
            note="Reached the guardian",
            actor=ACTOR,
            now=now,
        ),
        name="record_contact_attempt",
    )


async def client(app: CaseApplication, case_id: UUID, commands: int) -> None:
    for _ in range(commands):
        await command_in_thread(lambda: record_contact(app, case_id))


async def all_clients(app: CaseApplication, cases: Sequence[UUID], commands: int) -> None:
    # anyio's default of 40 worker threads would cap the clients in flight below 50.
    anyio.to_thread.current_default_thread_limiter().total_tokens = max(40, len(cases))
    await asyncio.gather(*(client(app, case_id, commands) for case_id in cases))


def time_commands(url: str, clients: int, commands: int, *, grouped: bool) -> Timing:
    """`clients` clients on cases of their own, on an application whose saves are grouped
    (as Baxt runs) or made one transaction each (as before the group commit)."""
    label = baxt_label(clients, grouped)
    app = CaseApplication(
        event_store_env(url), case_key=CASE_KEY, group_most=GROUP_MOST if grouped else None
    )
    try:
        cases = open_cases(app, clients, first=0 if grouped else clients)
        log(f"  {label}: {clients} x {commands} commands ...")
        before = _groups(app)
        with Stopwatch() as watch:
            asyncio.run(all_clients(app, cases, commands))
        if grouped:
            log(f"  {label}: {_groups(app) - before} transactions")
    finally:
        app.close()
    return Timing(label, clients * commands, watch.seconds)


def _groups(app: CaseApplication) -> int:
    return app.group_commit.groups if app.group_commit is not None else 0


# The raw baseline.


def sample_contact_row(url: str) -> StoredRow:
    query = sql.SQL(
        "SELECT topic, state FROM {} WHERE originator_version > 1 ORDER BY notification_id LIMIT 1"
    ).format(sql.Identifier(EVENTS_TABLE))
    with psycopg.connect(url) as conn:
        row = conn.execute(query).fetchone()
    if row is None:
        raise RuntimeError(f"{EVENTS_TABLE} has no contact attempt to copy")
    return StoredRow(row[0], bytes(row[1]))


def raw_committer(url: str, sample: StoredRow, rows: int, start: threading.Barrier) -> None:
    insert = (
        f"INSERT INTO {RAW_TABLE} (originator_id, originator_version, topic, state)"
        " VALUES (%s, %s, %s, %s)"
    )
    originator = uuid4()
    with psycopg.connect(url) as conn:
        start.wait()
        for version in range(1, rows + 1):
            conn.execute(insert, (originator, version, sample.topic, sample.state))
            conn.commit()


def raw_concurrent_commits(url: str, sample: StoredRow, clients: int, rows: int) -> Timing:
    """`clients` threads, each on its own connection, each committing `rows` one-row INSERTs."""
    with psycopg.connect(url) as conn:
        create_events_table(conn, RAW_TABLE)
    start = threading.Barrier(clients + 1)
    threads = [
        threading.Thread(target=raw_committer, args=(url, sample, rows, start))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    log(f"  {clients} connections x {rows} commits ...")
    start.wait()
    with Stopwatch() as watch:
        for thread in threads:
            thread.join()
    return Timing(raw_label(clients), clients * rows, watch.seconds)


# The benchmark.


def run(clients: int, commands: int) -> None:
    with scratch_database() as url:
        apply_migrations(url)
        grouped = time_commands(url, clients, commands, grouped=True)
        one_each = time_commands(url, clients, commands, grouped=False)
        sample = sample_contact_row(url)
        raw = raw_concurrent_commits(url, sample, clients, commands)
        server = durability(url)
    print(f"\nwrite concurrency: {clients} clients x {commands} one-event commands; {server}")
    print(f"raw rows carry a stored ContactAttempted event's state ({len(sample.state)} bytes)")
    print_table([grouped, one_each, raw], [raw])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.write_concurrency",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--clients", type=positive_int, default=50, help="concurrent clients, one case each (50)"
    )
    parser.add_argument(
        "--commands", type=positive_int, default=40, help="commands each client issues (40)"
    )
    add_json_option(parser)
    args = parser.parse_args(argv)
    run(args.clients, args.commands)
    write_figures(args.json)


if __name__ == "__main__":
    main()
