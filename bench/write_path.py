"""The write path: events/s through CaseApplication, against raw psycopg inserts of the same rows.

Run from the repository root: python -m bench.write_path [--cases N] [--whole-cases M]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.saving import Saved
from baxt.bootstrap import event_store_env
from baxt.domain.pinfl import make_pinfl
from baxt.domain.values import (
    Child,
    ContactOutcome,
    FlagSource,
    Household,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    Sex,
    Visit,
)
from baxt.migrations import apply_migrations
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

CASE_KEY = b"bench"
ACTOR = "bench.caseworker"
EVENTS_TABLE = "cases_events"  # the library names it after CaseApplication.name

FollowUp = Callable[[CaseApplication, UUID, datetime], Saved]


# The workload: synthetic children and the steps of a case.


def child(index: int, today: date) -> Child:
    """A distinct child under 18 for each index below a million, with a valid PINFL."""
    born = today - timedelta(days=400 + (index * 37) % (15 * 365))
    sex = Sex.MALE if index % 2 else Sex.FEMALE
    pinfl = make_pinfl(born, sex, district=index // 1000 % 1000, serial=index % 1000)
    return Child(pinfl, f"Bench Child {index}", born, sex)


def household(index: int) -> Household:
    return Household(
        f"Bench Guardian {index}",
        f"+99890{index % 10_000_000:07d}",
        "Toshkent shahri",
        "Chilonzor",
        "Bunyodkor",
    )


def flag(app: CaseApplication, index: int, today: date) -> Saved:
    return app.flag_child(
        child=child(index, today),
        household=household(index),
        source=FlagSource.RISK_SCREENING,
        indicators=("SCHOOL_ABSENCE", "MISSED_CHECKUP"),
        note="Flagged by the benchmark",
        actor=ACTOR,
    )


def contact(app: CaseApplication, case_id: UUID, now: datetime) -> Saved:
    return app.change_case(
        case_id,
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=now - timedelta(days=1),
            note="Reached the guardian",
            actor=ACTOR,
            now=app.now(),
        ),
    )


def visit(app: CaseApplication, case_id: UUID, now: datetime) -> Saved:
    seen = Visit(now - timedelta(days=1), True, True, "Child seen at home with guardian", False)
    return app.change_case(
        case_id, lambda case: case.record_visit(visit=seen, actor=ACTOR, now=app.now())
    )


def consult(app: CaseApplication, case_id: UUID, now: datetime) -> Saved:
    return app.change_case(
        case_id,
        lambda case: case.record_consultation(
            needs=(Need(NeedDomain.LANGUAGE, NeedLevel.HIGH, "delayed speech"),),
            plan=(PlanItem("Weekly speech therapy", "SPEECH_THERAPY", now.date() + timedelta(60)),),
            note="Consulted with child and guardian",
            actor=ACTOR,
        ),
    )


def refer(app: CaseApplication, case_id: UUID, now: datetime) -> Saved:
    return app.change_case(
        case_id,
        lambda case: case.refer(
            service_category="SPEECH_THERAPY",
            provider="Chilonzor speech therapy centre",
            reason="Delayed speech",
            consent_given=True,
            actor=ACTOR,
        ),
    )


WHOLE_CASE: tuple[FollowUp, ...] = (contact, visit, consult, refer)


def play_case(app: CaseApplication, index: int, follow_ups: Sequence[FollowUp]) -> Saved:
    """Flags child `index` and plays the follow-ups on the case; returns the last save."""
    now = datetime.now(UTC)
    saved = flag(app, index, now.date())
    for step in follow_ups:
        saved = step(app, saved.case_id, now)
    return saved


def play_cases(
    app: CaseApplication, indexes: range, follow_ups: Sequence[FollowUp], label: str
) -> Saved | None:
    """Plays one case per index, showing progress; returns the last save."""
    saved: Saved | None = None
    for done, index in enumerate(indexes, start=1):
        saved = play_case(app, index, follow_ups)
        if done % 50 == 0 or done == len(indexes):
            progress(label, done, len(indexes))
    return saved


def case_application(url: str) -> CaseApplication:
    return CaseApplication(event_store_env(url), case_key=CASE_KEY)


# The Baxt runs.


def time_cases(
    app: CaseApplication, indexes: range, follow_ups: Sequence[FollowUp], label: str
) -> Timing:
    with Stopwatch() as watch:
        play_cases(app, indexes, follow_ups, label)
    return Timing(label, len(indexes) * (1 + len(follow_ups)), watch.seconds)


# The raw baselines.


@dataclass(frozen=True)
class StoredRow:
    """A stored event as the library wrote it, to copy into the raw tables."""

    topic: str
    state: bytes


def sample_flagged_row(url: str) -> StoredRow:
    query = sql.SQL(
        "SELECT topic, state FROM {} WHERE originator_version = 1 ORDER BY notification_id LIMIT 1"
    ).format(sql.Identifier(EVENTS_TABLE))
    with psycopg.connect(url) as conn:
        row = conn.execute(query).fetchone()
    if row is None:
        raise RuntimeError(f"{EVENTS_TABLE} has no Flagged event to copy")
    return StoredRow(row[0], bytes(row[1]))


def create_events_table(conn: psycopg.Connection[TupleRow], name: str) -> None:
    """A table shaped like the library's stored events: same columns, key and indexes."""
    table = sql.Identifier(name)
    conn.execute(
        sql.SQL(
            "CREATE TABLE {} (originator_id uuid NOT NULL, originator_version bigint NOT NULL,"
            " topic text, state bytea, notification_id bigserial,"
            " PRIMARY KEY (originator_id, originator_version))"
        ).format(table)
    )
    conn.execute(sql.SQL("CREATE UNIQUE INDEX ON {} (notification_id)").format(table))
    conn.commit()


def raw_insert_commit(url: str, sample: StoredRow, rows: int) -> Timing:
    """One INSERT and one COMMIT per row, on one connection."""
    label = "raw INSERT+COMMIT"
    with psycopg.connect(url) as conn:
        create_events_table(conn, "raw_commit_events")
        insert = (
            "INSERT INTO raw_commit_events (originator_id, originator_version, topic, state)"
            " VALUES (%s, 1, %s, %s)"
        )
        with Stopwatch() as watch:
            for done in range(1, rows + 1):
                conn.execute(insert, (uuid4(), sample.topic, sample.state))
                conn.commit()
                if done % 500 == 0 or done == rows:
                    progress(label, done, rows)
    return Timing(label, rows, watch.seconds)


def raw_copy(url: str, sample: StoredRow, rows: int) -> Timing:
    """All rows through COPY, in one transaction."""
    with psycopg.connect(url) as conn:
        create_events_table(conn, "raw_copy_events")
        statement = (
            "COPY raw_copy_events (originator_id, originator_version, topic, state) FROM STDIN"
        )
        with Stopwatch() as watch:
            with conn.cursor() as cur, cur.copy(statement) as copy:
                for _ in range(rows):
                    copy.write_row((uuid4(), 1, sample.topic, sample.state))
            conn.commit()
    return Timing("raw COPY 1 txn", rows, watch.seconds)


# The benchmark.


def run(cases: int, whole_cases: int) -> None:
    with scratch_database() as url:
        apply_migrations(url)
        app = case_application(url)
        try:
            flags = time_cases(app, range(cases), (), "baxt flag_child")
            whole = time_cases(
                app,
                range(cases, cases + whole_cases),
                WHOLE_CASE,
                f"baxt whole case ({whole_cases} x 5)",
            )
        finally:
            app.close()
        sample = sample_flagged_row(url)
        log(f"raw payload: the first stored Flagged event, {len(sample.state)} bytes of state")
        commit = raw_insert_commit(url, sample, cases)
        copy = raw_copy(url, sample, cases)
        server = durability(url)
    print(f"\nwrite path: {cases} flags, {whole_cases} whole cases; {server}")
    print(f"raw rows carry a stored Flagged event's state ({len(sample.state)} bytes)")
    print_table([flags, whole, commit, copy], [commit, copy])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.write_path", description=__doc__)
    parser.add_argument(
        "--cases", type=positive_int, default=5000, help="children flagged, one event each (5000)"
    )
    parser.add_argument(
        "--whole-cases",
        type=positive_int,
        default=1000,
        help="cases played flag, contact, visit, consultation, referral: 5 events each (1000)",
    )
    add_json_option(parser)
    args = parser.parse_args(argv)
    run(args.cases, args.whole_cases)
    write_figures(args.json)


if __name__ == "__main__":
    main()
