"""Risk screening end to end: a synthetic national extract scored and flagged.

Run from the repository root: python -m bench.screening [--children N] [--keep FILE]

It prints three figures, each beside a baseline measured in the same run:
- scoring (rows/s) against a plain numpy `>=` and sum over the same arrays;
- flag writes (events/s) against a raw COPY of as many rows of the same size into a
  scratch table;
- the whole import (rows/s and seconds), reading, validating, scoring and flagging, run in a
  process of its own so that its peak resident memory is its own.

Then the rate of each stage (read+validate, score, flag write), from which the time of a
larger round is extrapolated.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import numpy as np
import psycopg
from numpy.typing import NDArray

from baxt.application.cases.application import CaseApplication
from baxt.application.imports.bulk import BulkFlagger, FlagRequest, Round
from baxt.application.imports.reader import Batch, read_extract
from baxt.application.imports.screening import ImportSettings, ScreeningImport
from baxt.bootstrap import event_store_env
from baxt.devtools.synth.extract import write_synthetic_extract
from baxt.domain.quarter import Quarter
from baxt.domain.risk.catalogue import Catalogue, default_catalogue
from baxt.domain.risk.rules import default_rule_set, default_rule_sets
from baxt.domain.risk.scoring import Scores, score
from baxt.domain.values import FlagReason, FlagSource
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

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CASE_KEY = b"bench-case-key-bench-case-key-32"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=positive_int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="Write (or reuse) the extract at this path.")
    add_json_option(parser)
    args = parser.parse_args()
    path = args.keep or Path(tempfile.mkdtemp(prefix="baxt-bench-")) / "extract.csv"
    if not path.exists():
        with Stopwatch() as made:
            write_synthetic_extract(path, args.children, seed=7, bad_rows=100, as_of=NOW.date())
        log(f"synthetic extract of {args.children} children written in {made.seconds:.1f}s")
    catalogue = default_catalogue()
    stages = _read_and_score(path, catalogue)
    print("\nscoring\n")
    print_table([stages.scoring], [stages.numpy])
    with scratch_database() as url:
        apply_migrations(url)
        print(f"\nPostgreSQL: {durability(url)}")
        writes, copy = _flag_writes(url, stages.requests)
        print("\nflag writes (events)\n")
        print_table([writes], [copy])
        _print_rows([copy])
    with scratch_database() as url:
        apply_migrations(url)
        whole, peak_mib = _whole_run_apart(url, path)
        print("\nthe whole import, from file to flags\n")
        print_table([whole], [])
        print(f"peak RSS of the whole import: {peak_mib:.0f} MiB")
    print("\nper stage\n")
    _print_rows([stages.reading, stages.scoring, writes])
    _extrapolate(13_000_000, stages, writes, whole)
    write_figures(args.json)


def _print_rows(timings: list[Timing]) -> None:
    """Rows printed as `print_table` prints them, without recording them as figures again."""
    print(f"{'run':<34} {'rows':>7} {'seconds':>9} {'rows/s':>10}")
    for t in timings:
        print(f"{t.label:<34} {t.rows:>7} {t.seconds:>9.3f} {t.rate:>10.0f}")


@dataclass
class _Stages:
    reading: Timing
    scoring: Timing
    numpy: Timing
    requests: list[FlagRequest]


def _read_and_score(path: Path, catalogue: Catalogue) -> _Stages:
    """One pass over the file, batch by batch: reads and checks, scores both ways, and keeps
    the flag requests for the flag writes."""
    rule_set = default_rule_set()
    thresholds = np.array([i.threshold for i in catalogue.indicators])
    reading, scoring, numpy = Timing("read+validate", 0, 0.0), Timing("", 0, 0.0), 0.0
    requests: list[FlagRequest] = []
    batches = read_extract(path, catalogue, as_of=NOW.date(), batch_rows=50_000)
    while True:
        with Stopwatch() as read:
            batch = next(batches, None)
        reading = Timing(reading.label, reading.rows, reading.seconds + read.seconds)
        if batch is None:
            break
        values = {code: batch.values[code.lower()] for code in catalogue.codes}
        with Stopwatch() as ours:
            scores = score(catalogue, rule_set, values)
        with Stopwatch() as raw:
            raw_flagged = _numpy_flags(catalogue, values, thresholds)
        assert (scores.flagged == raw_flagged).all(), "the baseline must compute the same flags"
        reading = Timing(reading.label, reading.rows + batch.size, reading.seconds)
        scoring = Timing("", scoring.rows + batch.size, scoring.seconds + ours.seconds)
        numpy += raw.seconds
        requests += _requests(batch, scores)
    rows = reading.rows
    log(f"{len(requests)} of {rows} children flagged ({len(requests) / max(rows, 1):.1%})")
    return _Stages(
        reading,
        Timing("baxt score (ANY_3_OF_44)", rows, scoring.seconds),
        Timing("numpy >= and sum", rows, numpy),
        requests,
    )


def _requests(batch: Batch, scores: Scores) -> list[FlagRequest]:
    flagged = scores.flagged_rows()
    return [
        FlagRequest(
            row.line, row.child, row.household,
            FlagReason("ANY_3_OF_44@1", float(scores.score[i]), scores.met_codes(int(i))),
        )
        for i, row in zip(flagged, batch.rows(flagged), strict=True)
    ]  # fmt: skip


def _numpy_flags(
    catalogue: Catalogue, values: dict[str, NDArray[np.float64]], thresholds: NDArray[np.float64]
) -> NDArray[np.bool_]:
    matrix = np.stack([values[c] for c in catalogue.codes], axis=1)
    flags: NDArray[np.bool_] = (matrix >= thresholds).sum(axis=1) >= 3
    return flags


def _flag_writes(url: str, requests: list[FlagRequest]) -> tuple[Timing, Timing]:
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY)
    flagger = BulkFlagger(app, url)
    round = Round("RISK_SCREENING:2026-Q4", FlagSource.RISK_SCREENING, uuid4(), "bench", NOW)
    with Stopwatch() as ours:
        for start in range(0, len(requests), 50_000):
            flagger.flag(requests[start : start + 50_000], round)
    with psycopg.connect(url) as conn:
        sizes = conn.execute(
            "SELECT count(*), avg(octet_length(state))::int, avg(octet_length(topic))::int"
            " FROM cases_events"
        ).fetchone()
    assert sizes is not None
    events, state_size, topic_size = int(sizes[0]), int(sizes[1]), int(sizes[2])
    app.close()
    return Timing("baxt bulk flags", events, ours.seconds), _raw_copy(
        url, events, state_size, topic_size
    )


def _raw_copy(url: str, rows: int, state_size: int, topic_size: int) -> Timing:
    state, topic = b"x" * state_size, "t" * topic_size
    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TABLE scratch_copy (originator_id uuid, originator_version bigint,"
            " topic text, state bytea, notification_id bigserial,"
            " PRIMARY KEY (originator_id, originator_version))"
        )
        conn.commit()
        ids = [uuid4() for _ in range(rows)]
        with Stopwatch() as raw, conn.cursor() as cur:
            with cur.copy(
                "COPY scratch_copy (originator_id, originator_version, topic, state)"
                " FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types(["uuid", "int8", "text", "bytea"])
                for case_id in ids:
                    copy.write_row((case_id, 1, topic, state))
            conn.commit()
    return Timing("raw COPY, same rows", rows, raw.seconds)


def _whole_run_apart(url: str, path: Path) -> tuple[Timing, float]:
    """The whole import in a fresh process: its timing and its peak RSS in MiB."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        label, rows, seconds, peak_kib = pool.apply(_whole_run, (url, path))
    return Timing(label, rows, seconds), peak_kib / 1024


def _whole_run(url: str, path: Path) -> tuple[str, int, float, int]:
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY)
    settings = ImportSettings(default_catalogue(), default_rule_sets(), clock=lambda: NOW)
    with Stopwatch() as whole:
        run = ScreeningImport(app, url, settings).run(
            path, rule_set="ANY_3_OF_44", quarter=Quarter(2026, 4), actor="bench"
        )
    app.close()
    log(f"run: {run.rows_read} read, {run.rejected} rejected, {run.flagged} flagged")
    print(f"whole run: {whole.seconds:.1f}s for {run.rows_read} rows", flush=True)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return "import, file to flags", run.rows_read, whole.seconds, peak_kib


def _extrapolate(children: int, stages: _Stages, writes: Timing, whole: Timing) -> None:
    share = len(stages.requests) / max(stages.reading.rows, 1)
    read, scored = children / stages.reading.rate, children / stages.scoring.rate
    flags = children * share / writes.rate
    print(
        f"\n{children} children at these rates: read+validate {read:.0f}s, score {scored:.0f}s,"
        f" flag write {flags:.0f}s ({share:.1%} flagged); the whole import at its rate:"
        f" {children / whole.rate:.0f}s"
    )


if __name__ == "__main__":
    main()
