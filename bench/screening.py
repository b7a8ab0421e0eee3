"""Risk screening end to end: a synthetic national extract scored and flagged.

Run from the repository root: python -m bench.screening [--children N] [--keep FILE]

It prints three figures, each beside a baseline measured in the same run:
- scoring (rows/s) against a plain numpy `>=` and sum over the same arrays;
- flag writes (events/s) against a raw COPY of as many rows of the same size into a
  scratch table;
- the whole import (rows/s and seconds), reading, validating, scoring and flagging.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import numpy as np
import psycopg
from numpy.typing import NDArray

from baxt.application.cases.application import CaseApplication
from baxt.application.imports.bulk import BulkFlagger, FlagRequest, Round
from baxt.application.imports.reader import read_extract
from baxt.application.imports.screening import ImportSettings, ScreeningImport
from baxt.bootstrap import event_store_env
from baxt.devtools.synth.extract import write_synthetic_extract
from baxt.domain.quarter import Quarter
from baxt.domain.risk.catalogue import Catalogue, default_catalogue
from baxt.domain.risk.rules import default_rule_set, default_rule_sets
from baxt.domain.risk.scoring import score
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
    scoring, baseline = _scoring(path, catalogue)
    print("\nscoring\n")
    print_table([scoring], [baseline])
    with scratch_database() as url:
        apply_migrations(url)
        print(f"\nPostgreSQL: {durability(url)}")
        writes, copy = _flag_writes(url, path, catalogue)
        print("\nflag writes (events)\n")
        print_table([writes], [copy])
    with scratch_database() as url:
        apply_migrations(url)
        whole = _whole_run(url, path)
        print("\nthe whole import, from file to flags\n")
        print_table([whole], [])
    write_figures(args.json)


def _scoring(path: Path, catalogue: Catalogue) -> tuple[Timing, Timing]:
    columns: dict[str, list[NDArray[np.float64]]] = {c: [] for c in catalogue.codes}
    for batch in read_extract(path, catalogue, as_of=NOW.date(), batch_rows=100_000):
        for code in catalogue.codes:
            columns[code].append(batch.values[code.lower()])
    values = {code: np.concatenate(parts) for code, parts in columns.items()}
    rows = len(values[catalogue.codes[0]])
    thresholds = np.array([i.threshold for i in catalogue.indicators])
    rule_set = default_rule_set()
    with Stopwatch() as ours:
        flagged = score(catalogue, rule_set, values).flagged
    with Stopwatch() as raw:
        matrix = np.stack([values[c] for c in catalogue.codes], axis=1)
        raw_flagged = (matrix >= thresholds).sum(axis=1) >= 3
    assert (flagged == raw_flagged).all(), "the baseline must compute the same flags"
    log(f"{int(flagged.sum())} of {rows} children flagged ({flagged.mean():.1%})")
    return Timing("baxt score (ANY_3_OF_44)", rows, ours.seconds), Timing(
        "numpy >= and sum", rows, raw.seconds
    )


def _flag_writes(url: str, path: Path, catalogue: Catalogue) -> tuple[Timing, Timing]:
    requests: list[FlagRequest] = []
    rule_set = default_rule_set()
    for batch in read_extract(path, catalogue, as_of=NOW.date(), batch_rows=100_000):
        values = {code: batch.values[code.lower()] for code in catalogue.codes}
        scores = score(catalogue, rule_set, values)
        for i in scores.flagged_rows():
            reason = FlagReason("ANY_3_OF_44@1", float(scores.score[i]), scores.met_codes(int(i)))
            row = batch.row(int(i))
            requests.append(FlagRequest(row.line, row.child, row.household, reason))
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


def _whole_run(url: str, path: Path) -> Timing:
    app = CaseApplication(event_store_env(url), case_key=CASE_KEY)
    settings = ImportSettings(default_catalogue(), default_rule_sets(), clock=lambda: NOW)
    with Stopwatch() as whole:
        run = ScreeningImport(app, url, settings).run(
            path, rule_set="ANY_3_OF_44", quarter=Quarter(2026, 4), actor="bench"
        )
    app.close()
    log(f"run: {run.rows_read} read, {run.rejected} rejected, {run.flagged} flagged")
    print(f"whole run: {whole.seconds:.1f}s for {run.rows_read} rows")
    return Timing("import, file to flags", run.rows_read, whole.seconds)


if __name__ == "__main__":
    main()
