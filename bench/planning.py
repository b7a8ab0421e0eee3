"""Quarter planning: events/s the QuarterPlanner writes for N open cases, against raw inserts.

Run from the repository root: python -m bench.planning [--cases N]
"""

from __future__ import annotations

import argparse
import inspect
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import uuid4

import psycopg
from eventsourcing.persistence import ProgrammingError
from psycopg import sql

from baxt.application.cases.application import CaseApplication
from baxt.application.planning import PlanReport, QuarterPlanner
from baxt.application.roster import save_roster
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter
from baxt.domain.staff import StaffMember, StaffRole
from baxt.domain.values import FlagSource, Household
from baxt.migrations import apply_migrations
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
from bench.write_path import EVENTS_TABLE, case_application, child, create_events_table

REGION = "Toshkent shahri"
MAHALLAS = {
    "Chilonzor": ("Bunyodkor", "Qatortol", "Lutfiy", "Novza", "Katta Chilonzor"),
    "Yunusobod": ("Bodomzor", "Minor", "Shahriston", "Yangiobod", "Kashgar"),
}
PLACES = tuple((district, m) for district, names in MAHALLAS.items() for m in names)
CASEWORKERS_PER_MAHALLA = 2  # and one more per district who covers all its mahallas
SPARE_CAPACITY = 1.25  # the roster can take a quarter more cases than there are
SEED_BATCH = 1000  # aggregates per CaseApplication.save: one transaction, one table lock
PROJECTION_BATCH = 1000
CATCH_UP_RETRIES = 5
ACTOR = "bench.registry"
# What `baxt plan` runs with: bootstrap.planner leaves the planner's batch size at its default.
PLANNER_BATCH: int = inspect.signature(QuarterPlanner).parameters["batch_size"].default


# The workload: a roster that covers every mahalla, and one flagged case per child.


def roster(cases: int) -> list[StaffMember]:
    """Two caseworkers per mahalla and one per district, with room enough for every case."""
    coverage: list[tuple[str, str, tuple[str, ...]]] = [
        (f"cw.{district}.{mahalla}.{n}", district, (mahalla,))
        for district, mahalla in PLACES
        for n in range(CASEWORKERS_PER_MAHALLA)
    ]
    coverage += [(f"cw.{district}", district, ()) for district in MAHALLAS]
    capacity = math.ceil(cases * SPARE_CAPACITY / len(coverage))
    return [caseworker(*covered, capacity) for covered in coverage]


def caseworker(
    user_id: str, district: str, mahallas: tuple[str, ...], capacity: int
) -> StaffMember:
    user_id = user_id.lower().replace(" ", "-")
    return StaffMember(
        user_id, f"Bench Caseworker {user_id}", StaffRole.CASEWORKER, None, None,
        "uz-Latn", REGION, district, mahallas, capacity,
    )  # fmt: skip


def household(index: int) -> Household:
    district, mahalla = PLACES[index % len(PLACES)]
    phone = f"+99890{index % 10_000_000:07d}"
    return Household(f"Bench Guardian {index}", phone, REGION, district, mahalla)


def flagged_case(app: CaseApplication, index: int, now: datetime) -> Case:
    kid = child(index, now.date())
    return Case.flag(
        case_id=app.case_id_for(kid.personal_id),
        child=kid,
        household=household(index),
        source=FlagSource.SOCIAL_REGISTRY,
        indicators=("SCHOOL_ABSENCE",),
        note="Flagged by the benchmark",
        actor=ACTOR,
        now=now,
    )


def seed_cases(app: CaseApplication, cases: int) -> Timing:
    """Flags `cases` children, SEED_BATCH new cases to each save (one transaction each)."""
    label = "seeding flagged cases"
    now = datetime.now(UTC)
    with Stopwatch() as watch:
        for start in range(0, cases, SEED_BATCH):
            stop = min(start + SEED_BATCH, cases)
            app.save(*(flagged_case(app, index, now) for index in range(start, stop)))
            progress(label, stop, cases)
    return Timing(f"seed: Case.flag + save ({SEED_BATCH}/txn)", cases, watch.seconds)


@dataclass(frozen=True)
class CatchUp:
    timing: Timing
    failures: list[str]  # the batches that failed and were projected again


def project(url: str, label: str) -> CatchUp:
    """Brings case_summary up to date, as `baxt plan` does before it plans.

    A batch that fails rolls back whole, so the catch-up resumes from the last tracked batch.
    """
    failures: list[str] = []
    done = 0
    with Stopwatch() as watch:
        while len(failures) <= CATCH_UP_RETRIES:
            try:
                done += catch_up_case_summary(
                    event_store_env(url),
                    batch_size=PROJECTION_BATCH,
                    progress=lambda at, end: progress(label, at, end),
                )
                break
            except ProgrammingError as error:
                failures.append(str(error))
                log(f"\n  a catch-up batch failed ({error}); resuming from the tracked position")
        else:
            raise RuntimeError(f"case_summary catch-up failed {len(failures)} times")
    return CatchUp(Timing(label, done, watch.seconds), failures)


# The Baxt runs.


@dataclass(frozen=True)
class PlanRun:
    report: PlanReport
    timing: Timing
    first_notification_id: int  # the first ID this run could have written


def time_plan(url: str, quarter: Quarter, label: str) -> PlanRun:
    """Times QuarterPlanner.plan from its read of the candidates to its last save."""
    app = case_application(url)
    try:
        start_id = (app.recorder.max_notification_id() or 0) + 1
        planner = QuarterPlanner(app, url)
        with Stopwatch() as watch:
            report = planner.plan(quarter, progress=lambda at, end: progress(label, at, end))
    finally:
        app.close()
    return PlanRun(report, Timing(label, events_since(url, start_id), watch.seconds), start_id)


def events_since(url: str, first_id: int) -> int:
    query = sql.SQL("SELECT count(*) FROM {} WHERE notification_id >= %s").format(
        sql.Identifier(EVENTS_TABLE)
    )
    with psycopg.connect(url) as conn:
        row = conn.execute(query, (first_id,)).fetchone()
    return int(row[0]) if row else 0


# The raw baseline.


@dataclass(frozen=True)
class CaseEvents:
    """The events the planner stored for one case, to copy into the raw table."""

    rows: list[tuple[int, str, bytes]]  # originator_version, topic, state
    mean_state_bytes: float  # over every event the planner stored


def planned_events(url: str, first_id: int) -> CaseEvents:
    table = sql.Identifier(EVENTS_TABLE)
    with psycopg.connect(url) as conn:
        first = conn.execute(
            sql.SQL("SELECT originator_id FROM {} WHERE notification_id = %s").format(table),
            (first_id,),
        ).fetchone()
        mean = conn.execute(
            sql.SQL("SELECT avg(octet_length(state)) FROM {} WHERE notification_id >= %s").format(
                table
            ),
            (first_id,),
        ).fetchone()
        if first is None or mean is None:
            raise RuntimeError("the planner stored no events to copy")
        rows = conn.execute(
            sql.SQL(
                "SELECT originator_version, topic, state FROM {}"
                " WHERE originator_id = %s AND notification_id >= %s ORDER BY originator_version"
            ).format(table),
            (first[0], first_id),
        ).fetchall()
    return CaseEvents([(r[0], r[1], bytes(r[2])) for r in rows], float(mean[0]))


def raw_rows(sample: CaseEvents, rows: int) -> Iterator[tuple[object, ...]]:
    """`rows` event rows: the sample case's events again and again, each time for a new case."""
    written = 0
    while True:
        case_id = uuid4()
        for version, topic, state in sample.rows:
            if written == rows:
                return
            yield case_id, version, topic, state
            written += 1


def raw_batched_insert(url: str, sample: CaseEvents, rows: int, batch: int) -> Timing:
    """executemany of `batch` rows and a COMMIT per batch, on one connection."""
    label = f"raw executemany ({batch}/txn)"
    insert = (
        "INSERT INTO raw_plan_events (originator_id, originator_version, topic, state)"
        " VALUES (%s, %s, %s, %s)"
    )
    source = raw_rows(sample, rows)
    with psycopg.connect(url) as conn:
        create_events_table(conn, "raw_plan_events")
        with Stopwatch() as watch, conn.cursor() as cur:
            for start in range(0, rows, batch):
                cur.executemany(insert, [next(source) for _ in range(min(batch, rows - start))])
                conn.commit()
                progress(label, min(start + batch, rows), rows)
    return Timing(label, rows, watch.seconds)


# The benchmark.


@dataclass(frozen=True)
class Results:
    cases: int
    staff: list[StaffMember]
    seeded: Timing
    projected: CatchUp
    first: PlanRun
    reprojected: CatchUp
    again: PlanRun
    sample: CaseEvents
    raw: Timing
    server: str


def run(cases: int) -> Results:
    quarter = Quarter.containing(datetime.now(UTC)).next()
    with scratch_database() as url:
        apply_migrations(url)
        staff = roster(cases)
        save_roster(url, staff)
        app = case_application(url)
        try:
            seeded = seed_cases(app, cases)
        finally:
            app.close()
        projected = project(url, "projecting the seeded cases")
        first = time_plan(url, quarter, f"baxt QuarterPlanner {quarter}")
        reprojected = project(url, "projecting the plan, as a live projection would have")
        again = time_plan(url, quarter, f"baxt QuarterPlanner {quarter} again")
        sample = planned_events(url, first.first_notification_id)
        raw = raw_batched_insert(url, sample, first.timing.rows, rows_per_save(first))
        server = durability(url)
    return Results(cases, staff, seeded, projected, first, reprojected, again, sample, raw, server)


def rows_per_save(plan: PlanRun) -> int:
    """The events in each of the planner's transactions: one save per batch of cases."""
    saves = math.ceil(plan.report.open_cases / PLANNER_BATCH)
    return max(math.ceil(plan.timing.rows / saves), 1) if saves else 1


def print_results(r: Results) -> None:
    plan, sample = r.first.report, r.sample
    state_bytes = sum(len(state) for _, _, state in sample.rows) / max(len(sample.rows), 1)
    print(f"\nquarter planning: {r.cases} flagged cases over {len(PLACES)} mahallas; {r.server}")
    print(f"roster: {len(r.staff)} caseworkers, capacity {r.staff[0].capacity} each")
    print(f"seeded at {r.seeded.rate:.0f} cases/s ({r.seeded.seconds:.1f} s): {r.seeded.label}")
    print_catch_up("before planning", r.projected)
    print(
        f"{plan.quarter}: {plan.open_cases} open cases, {plan.planned} visits planned,"
        f" {plan.assigned} assigned, {plan.unassigned} unassigned;"
        f" {r.first.timing.rows} events, {PLANNER_BATCH} cases per save"
    )
    print(
        f"raw rows repeat one case's planned events ({len(sample.rows)} rows, {state_bytes:.0f}"
        f" bytes of state on average; over all the planner's events: {sample.mean_state_bytes:.0f})"
    )
    print_table([r.first.timing, r.raw], [r.raw])
    print()
    print_catch_up("after the first plan", r.reprojected)
    rerun, seconds = r.again.report, r.again.timing.seconds
    print(
        f"planning {rerun.quarter} again wrote {r.again.timing.rows} events"
        f" ({rerun.planned} planned, {rerun.assigned} assigned) in {seconds:.3f} s:"
        f" {rerun.open_cases / seconds:.0f} open cases checked/s,"
        f" {seconds / r.first.timing.seconds:.0%} of the first plan's time"
    )


def print_catch_up(when: str, catch_up: CatchUp) -> None:
    timing = catch_up.timing
    print(
        f"case_summary caught up {when}: {timing.rows} events at {timing.rate:.0f} events/s"
        f" ({timing.seconds:.1f} s, {PROJECTION_BATCH} events per transaction)"
    )
    for failure in catch_up.failures:
        print(f"  a batch failed and was projected again: {failure}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.planning", description=__doc__)
    parser.add_argument(
        "--cases", type=positive_int, default=100_000, help="open cases to plan (100000)"
    )
    add_json_option(parser)
    args = parser.parse_args(argv)
    print_results(run(args.cases))
    write_figures(args.json)


if __name__ == "__main__":
    main()
