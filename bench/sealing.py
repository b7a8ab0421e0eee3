"""What sealing personal data costs: whole cases written and replayed, sealed and plain.

Both applications run on the same scratch database in the same run. The plain one uses the
library's own mapper, so the difference is the sealing alone: one child-key lookup (cached)
and AES-GCM over each personal field. The baseline is a raw SELECT of the same events.

    python -m bench.sealing [--cases 500]
"""

from __future__ import annotations

import argparse
from uuid import UUID

import psycopg
from eventsourcing.persistence import Mapper

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
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
from bench.write_path import (
    CASE_KEY,
    EVENTS_TABLE,
    consult,
    contact,
    play_cases,
    refer,
    visit,
)

FOLLOW_UPS = (contact, visit, consult, refer)


class PlainApplication(CaseApplication):
    """The case application with the library's mapper: nothing sealed."""

    name = "Cases"  # the same events table

    def construct_mapper(self) -> Mapper[UUID]:
        mapper = super().construct_mapper()
        return Mapper(mapper.transcoder, compressor=mapper.compressor, cipher=mapper.cipher)


def _write(app: CaseApplication, indexes: range, label: str) -> Timing:
    with Stopwatch() as watch:
        play_cases(app, indexes, FOLLOW_UPS, label)
    return Timing(label, len(indexes) * (1 + len(FOLLOW_UPS)), watch.seconds)


def _replay(app: CaseApplication, case_ids: list[UUID], label: str, *, cold: bool) -> Timing:
    if cold:
        for case_id in case_ids:
            app.child_keys.forget(case_id)
    with Stopwatch() as watch:
        events = sum(app.repository.get(case_id).version for case_id in case_ids)
    return Timing(label, events, watch.seconds)


def _raw_select(url: str, case_ids: list[UUID]) -> Timing:
    statement = f"SELECT state FROM {EVENTS_TABLE} WHERE originator_id = %s"
    with psycopg.connect(url) as conn, Stopwatch() as watch:
        rows = sum(len(conn.execute(statement, (case_id,)).fetchall()) for case_id in case_ids)
    return Timing("raw SELECT per case", rows, watch.seconds)


def _case_ids(url: str, first: int, last: int) -> list[UUID]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            f"SELECT DISTINCT originator_id FROM {EVENTS_TABLE}"
            " WHERE notification_id BETWEEN %s AND %s",
            (first, last),
        ).fetchall()
    return [row[0] for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=positive_int, default=500)
    add_json_option(parser)
    args = parser.parse_args()
    cases = args.cases
    with scratch_database() as url:
        apply_migrations(url)
        log(durability(url))
        env = event_store_env(url)
        sealed = CaseApplication(env, case_key=CASE_KEY)
        plain = PlainApplication(env, case_key=CASE_KEY)
        written = [
            _write(plain, range(cases), "plain whole cases (5 events)"),
            _write(sealed, range(cases, 2 * cases), "sealed whole cases (5 events)"),
        ]
        plain_ids = _case_ids(url, 1, 5 * cases)
        sealed_ids = _case_ids(url, 5 * cases + 1, 10 * cases)
        replayed = [
            _replay(plain, plain_ids, "plain replay", cold=True),
            _replay(sealed, sealed_ids, "sealed replay (keys looked up)", cold=True),
            _replay(sealed, sealed_ids, "sealed replay (keys cached)", cold=False),
        ]
        baseline = _raw_select(url, sealed_ids)
        print_table(written, [written[0]])
        print_table(replayed, [replayed[0], baseline])
        sealed.close()
        plain.close()
    write_figures(args.json)


if __name__ == "__main__":
    main()
