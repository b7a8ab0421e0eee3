"""The audit ledger: sealing, verifying, signing a checkpoint and proving one event.

Run from the repository root: python -m bench.ledger [--cases N]

The baseline is what any follower of the event store must do at least: read the events
(raw COPY out) and write one row per event (raw COPY in of rows shaped like the ledger's).
"""

from __future__ import annotations

import argparse
import hashlib
import io

import psycopg

from baxt.application.audit.ledger import Ledger
from baxt.application.audit.proofs import Prover
from baxt.application.audit.signing import CheckpointSigner
from baxt.application.audit.verify import Verifier
from baxt.application.cases.application import utc_now
from baxt.application.checkpoints import generate_signing_key
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
from bench.write_path import case_application, contact, play_cases, visit

_EVENTS_OUT = (
    "COPY (SELECT notification_id, originator_id, originator_version, topic, state"
    " FROM cases_events ORDER BY notification_id) TO STDOUT"
)
_RAW_LEDGER = "CREATE TABLE raw_ledger (LIKE audit_ledger INCLUDING ALL)"


def write_events(url: str, cases: int) -> int:
    app = case_application(url)
    try:
        play_cases(app, range(cases), (contact, visit), "writing flag + contact + visit")
        return app.recorder.max_notification_id() or 0
    finally:
        app.close()


def raw_follow(url: str, events: int) -> Timing:
    """COPY every event out, then COPY as many ledger-shaped rows into a scratch table."""
    with psycopg.connect(url) as conn:
        conn.execute(_RAW_LEDGER)
        digest = hashlib.sha256(b"raw").digest()
        with Stopwatch() as watch:
            out = io.BytesIO()
            with conn.cursor().copy(_EVENTS_OUT) as copy:
                for chunk in copy:
                    out.write(chunk)
            with conn.cursor().copy("COPY raw_ledger FROM STDIN") as copy:
                for i in range(events):
                    copy.write_row(
                        (i, i + 1, "00000000-0000-0000-0000-000000000000", i, digest, digest)
                    )
            conn.commit()
    return Timing("raw COPY out + COPY in, 1 txn", events, watch.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=positive_int, default=10_000)
    add_json_option(parser)
    args = parser.parse_args()
    with scratch_database() as url:
        apply_migrations(url)
        log(f"database: {durability(url)}")
        events = write_events(url, args.cases)
        with Stopwatch() as sealing:
            Ledger(url).seal(progress=lambda at, end: progress("sealing", at, end))
        signer = CheckpointSigner(url, "bench.baxt/log", generate_signing_key(), utc_now)
        with Stopwatch() as signing:
            signer.sign()
        with Stopwatch() as verifying:
            report = Verifier(url, signer.identity).verify()
        if not report.ok or report.events != events:
            raise RuntimeError(f"verify found problems or missed events: {report}")
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT originator_id FROM cases_events LIMIT 1").fetchone()
        assert row is not None
        with Stopwatch() as proving:
            Prover(url, signer.identity).inclusion(row[0], 1)
        timings = [
            Timing("baxt seal (5000/txn)", events, sealing.seconds),
            Timing("baxt verify (chains + tree)", events, verifying.seconds),
            Timing("baxt sign a checkpoint", events, signing.seconds),
            Timing("baxt one inclusion proof", events, proving.seconds),
        ]
        print_table(timings, [raw_follow(url, events)])
    write_figures(args.json)


if __name__ == "__main__":
    main()
