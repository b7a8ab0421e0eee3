"""As-of replay: a case rebuilt from its events at a version or a moment, against one raw SELECT.

Run from the repository root: python -m bench.as_of [--events N] [--runs R]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from uuid import UUID

import psycopg
from psycopg import sql

from baxt.application.audit.as_of import case_as_of
from baxt.application.audit.changes import MAX_CHANGES, case_changes
from baxt.application.cases.application import CaseApplication
from baxt.domain.case import Case
from baxt.domain.values import (
    CloseReason,
    ContactOutcome,
    FlagSource,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    Visit,
)
from baxt.migrations import apply_migrations
from bench._db import durability, log, positive_int, scratch_database
from bench._figures import Figure, add_json_option, record, write_figures
from bench.write_path import ACTOR, EVENTS_TABLE, case_application, child, household

Step = Callable[[Case, datetime, int], None]


def _contact(case: Case, now: datetime, n: int) -> None:
    case.record_contact_attempt(
        outcome=ContactOutcome.REACHED,
        visit_scheduled_at=now + timedelta(days=1),
        note=f"call {n}",
        actor=ACTOR,
    )


def _visit(case: Case, now: datetime, n: int) -> None:
    seen = Visit(now - timedelta(hours=1), True, True, f"visit {n}: child seen at home", False)
    case.record_visit(visit=seen, actor=ACTOR, now=now)


def _consult(case: Case, now: datetime, n: int) -> None:
    case.record_consultation(
        needs=(Need(NeedDomain.LANGUAGE, NeedLevel.HIGH, f"delayed speech ({n})"),),
        plan=(PlanItem("Weekly speech therapy", "SPEECH_THERAPY", now.date() + timedelta(60)),),
        note="",
        actor=ACTOR,
    )


def _refer(case: Case, now: datetime, n: int) -> None:
    case.refer(
        service_category="SPEECH_THERAPY",
        provider=f"Speech therapy centre {n}",
        reason="Delayed speech",
        consent_given=True,
        actor=ACTOR,
    )


def _close(case: Case, now: datetime, n: int) -> None:
    case.close(reason=CloseReason.SERVICES_LINKED, note="", actor=ACTOR)


def _reopen(case: Case, now: datetime, n: int) -> None:
    case.reopen(reason=f"new concern {n}", actor=ACTOR, now=now)


def _assign(case: Case, now: datetime, n: int) -> None:
    case.assign(caseworker=f"caseworker-{n % 2}", reason="", actor=ACTOR)


CYCLE: tuple[Step, ...] = (_contact, _visit, _consult, _refer, _assign, _close, _reopen)


def write_case(app: CaseApplication, events: int) -> UUID:
    """One case of exactly `events` events, saved an episode at a time."""
    now = datetime.now(UTC)
    case = Case.flag(
        case_id=app.case_id_for("as-of-bench"),
        child=child(1, now.date()),
        household=household(1),
        source=FlagSource.RISK_SCREENING,
        indicators=("SCHOOL_ABSENCE",),
        note="",
        actor=ACTOR,
        now=now,
    )
    n = 0
    while case.version < events:
        CYCLE[n % len(CYCLE)](case, now, n)
        n += 1
        if n % len(CYCLE) == 0 or case.version == events:
            app.save(case)
    return case.id


def median_ms(call: Callable[[], Any], runs: int) -> float:
    call()  # warm the pool and the caches once, untimed
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def raw_select(url: str, case_id: UUID, up_to: int, runs: int) -> float:
    query = sql.SQL(
        "SELECT originator_version, topic, state FROM {} WHERE originator_id = %s"
        " AND originator_version <= %s ORDER BY originator_version"
    ).format(sql.Identifier(EVENTS_TABLE))
    with psycopg.connect(url) as conn:

        def select() -> None:
            rows = conn.execute(query, (case_id, up_to)).fetchall()
            assert len(rows) == up_to

        return median_ms(select, runs)


def timestamp_of(app: CaseApplication, case_id: UUID, version: int) -> datetime:
    (event,) = app.events.get(case_id, gt=version - 1, lte=version)
    return cast(Case.Event, event).timestamp


def changes(app: CaseApplication, case_id: UUID, count: int, to: datetime) -> None:
    """The first `count` changes of the case, each with its field diffs."""
    found = case_changes(app, case_id, datetime.min.replace(tzinfo=UTC), to, limit=count)
    assert len(found) == count


def run(events: int, runs: int) -> None:
    middle = max(1, min(events // 2, MAX_CHANGES))
    with scratch_database() as url:
        apply_migrations(url)
        app = case_application(url)
        case_id = write_case(app, events)
        log(f"wrote one case of {events} events")
        middle_at = timestamp_of(app, case_id, middle)
        far = datetime.now(UTC) + timedelta(days=1)
        raw_all = raw_select(url, case_id, events, runs)
        raw_middle = raw_select(url, case_id, middle, runs)
        timed = [
            median_ms(lambda: case_as_of(app, case_id, version=events), runs),
            median_ms(lambda: case_as_of(app, case_id, version=middle), runs),
            median_ms(lambda: case_as_of(app, case_id, at=far), runs),
            median_ms(lambda: case_as_of(app, case_id, at=middle_at), runs),
            median_ms(lambda: changes(app, case_id, middle, far), runs),
        ]
        server = durability(url)
        app.close()
    report(events, runs, server, raw_all, raw_middle, timed)


def report(
    events: int, runs: int, server: str, raw_all: float, raw_middle: float, timed: list[float]
) -> None:
    middle = max(1, min(events // 2, MAX_CHANGES))
    raw_all_label, raw_middle_label = f"raw SELECT {events} rows", f"raw SELECT {middle} rows"
    lines = [
        (f"baxt as-of version={events} (latest)", events, timed[0], raw_all_label, raw_all),
        (f"baxt as-of version={middle} (middle)", middle, timed[1], raw_middle_label, raw_middle),
        ("baxt as-of at=after the last event", events, timed[2], raw_all_label, raw_all),
        (f"baxt as-of at=event {middle}'s time", middle, timed[3], raw_middle_label, raw_middle),
        (f"baxt changes of the first {middle} events", middle, timed[4], raw_middle_label,
         raw_middle),
        (raw_all_label, events, raw_all, raw_all_label, raw_all),
        (raw_middle_label, middle, raw_middle, raw_middle_label, raw_middle),
    ]  # fmt: skip
    print(f"\nas-of replay: one case of {events} events; median of {runs} runs each")
    print(server)
    print("ratio: the run's ms divided by the raw SELECT of the same rows (lower is better)\n")
    print(f"{'run':<38} {'events':>7} {'ms':>9} {'ratio':>8}")
    for label, rows, ms, baseline_label, baseline in lines:
        print(f"{label:<38} {rows:>7} {ms:>9.3f} {ms / baseline:>8.1f}")
        if label == baseline_label:
            record(Figure(label, ms, "ms", rows))
        else:
            record(Figure(label, ms, "ms", rows, baseline_label, baseline, ms / baseline))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.as_of", description=__doc__)
    parser.add_argument("--events", type=positive_int, default=200, help="the case's events (200)")
    parser.add_argument("--runs", type=positive_int, default=50, help="timed runs of each (50)")
    add_json_option(parser)
    args = parser.parse_args(argv)
    run(args.events, args.runs)
    write_figures(args.json)


if __name__ == "__main__":
    main()
