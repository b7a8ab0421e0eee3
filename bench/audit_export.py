"""History export and load: events/s of `baxt audit export`/`import` against raw COPY.

Run from the repository root: python -m bench.audit_export [--cases N]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from baxt.application.audit.export import ExportScope, HistoryExport
from baxt.application.audit.load import HistoryLoad
from baxt.application.cases.application import CaseApplication
from baxt.domain.case import Case
from baxt.domain.values import ContactOutcome
from baxt.migrations import apply_migrations
from baxt.projections.notifier import SILENCE_ON_LOAD
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
from bench.planning import ACTOR, SEED_BATCH, flagged_case
from bench.write_path import EVENTS_TABLE, case_application, create_events_table

COLUMNS = "notification_id, originator_id, originator_version, topic, state"
RAW_TABLE = "raw_events"


def played_case(app: CaseApplication, index: int, now: datetime) -> Case:
    """Flagged, one call nobody answered, one that agreed a visit: three events."""
    case = flagged_case(app, index, now)
    case.record_contact_attempt(
        outcome=ContactOutcome.NO_ANSWER, visit_scheduled_at=None, note="", actor=ACTOR
    )
    case.record_contact_attempt(
        outcome=ContactOutcome.REACHED,
        visit_scheduled_at=now + timedelta(days=2),
        note="Visit agreed with the guardian",
        actor=ACTOR,
    )
    return case


def seed(app: CaseApplication, cases: int) -> int:
    now = datetime.now(UTC)
    for start in range(0, cases, SEED_BATCH):
        stop = min(start + SEED_BATCH, cases)
        app.save(*(played_case(app, index, now) for index in range(start, stop)))
        progress("seeding cases", stop, cases)
    return app.recorder.max_notification_id() or 0


def baxt_export(app: CaseApplication, url: str, file: Path) -> Timing:
    with Stopwatch() as watch, file.open("wb") as out:
        events = HistoryExport(app, url).write(
            ExportScope(), out, lambda done, total: progress("export", done, total)
        )
    return Timing("baxt audit export", events, watch.seconds)


def raw_copy_out(url: str, file: Path, events: int) -> Timing:
    query = f"COPY (SELECT {COLUMNS} FROM {EVENTS_TABLE} ORDER BY notification_id) TO STDOUT"
    with (
        Stopwatch() as watch,
        psycopg.connect(url) as conn,
        file.open("wb") as out,
        conn.cursor().copy(query) as copy,
    ):
        for chunk in copy:
            out.write(chunk)
    return Timing("raw COPY TO STDOUT", events, watch.seconds)


def raw_cursor(url: str, events: int) -> Timing:
    """The rows through a server-side cursor, as the export reads them, formatted as nothing."""
    query = f"SELECT {COLUMNS} FROM {EVENTS_TABLE} ORDER BY notification_id"
    with (
        Stopwatch() as watch,
        psycopg.connect(url) as conn,
        conn.transaction(),
        conn.cursor(name="raw") as cursor,
    ):
        cursor.itersize = 2000
        cursor.execute(query, binary=True)
        fetched = sum(1 for _ in cursor)
    assert fetched == events
    return Timing("raw server-side cursor (no output)", events, watch.seconds)


def baxt_load(url: str, file: Path) -> Timing:
    app = case_application(url)
    try:
        with Stopwatch() as watch:
            loaded = HistoryLoad(app, url, silenced=SILENCE_ON_LOAD).load(
                file, lambda done, total: progress("load", done, total)
            )
    finally:
        app.close()
    return Timing("baxt audit import (load)", loaded.events, watch.seconds)


def raw_copy_in(url: str, file: Path, events: int) -> Timing:
    with psycopg.connect(url) as conn:
        create_events_table(conn, RAW_TABLE)
        with (
            Stopwatch() as watch,
            conn.transaction(),
            file.open("rb") as data,
            conn.cursor().copy(f"COPY {RAW_TABLE} ({COLUMNS}) FROM STDIN") as copy,
        ):
            while chunk := data.read(1 << 20):
                copy.write(chunk)
    return Timing("raw COPY FROM STDIN, 1 txn", events, watch.seconds)


def run(cases: int) -> None:
    with (
        scratch_database() as source,
        scratch_database() as target,
        tempfile.TemporaryDirectory(prefix="baxt-bench-") as folder,
    ):
        log(durability(source))
        for url in (source, target):
            apply_migrations(url)
        app = case_application(source)
        try:
            events = seed(app, cases)
            jsonl, raw = Path(folder) / "history.jsonl", Path(folder) / "history.copy"
            baseline_out = raw_copy_out(source, raw, events)
            exports = [baxt_export(app, source, jsonl), raw_cursor(source, events)]
        finally:
            app.close()
        baseline_in = raw_copy_in(target, raw, events)
        loads = [baxt_load(target, jsonl)]
        print(f"\n{cases} cases, {events} events")
        print(
            f"file size: JSON Lines {jsonl.stat().st_size / events:.0f} B/event,"
            f" raw COPY text {raw.stat().st_size / events:.0f} B/event"
        )
        print_table([*exports, baseline_out], [baseline_out])
        print_table([*loads, baseline_in], [baseline_in])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.audit_export", description=__doc__)
    parser.add_argument(
        "--cases", type=positive_int, default=20_000, help="cases of 3 events each (20000)"
    )
    add_json_option(parser)
    args = parser.parse_args(argv)
    run(args.cases)
    write_figures(args.json)


if __name__ == "__main__":
    main()
