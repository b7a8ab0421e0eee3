"""Name search over sealed names: the case list's `search` through the blind index, against a
raw indexed lookup on a table that keeps the names in clear.

Our path is the case list's own (`CaseReadModel.page` with a search): the blind index's
terms, the page of case_summary rows, and their names opened. The baseline is one SELECT on
a clear table with a `lower(full_name) text_pattern_ops` index and the list's order index
(`updated_at DESC, case_id DESC`), as the list had before its names were sealed. Each is
timed on the same queries (a surname's first three letters, a surname and a first name, a
PINFL); p50 and p99 over all of them, then over each kind.

Run from the repository root: python -m bench.name_search [--cases N] [--queries Q]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

import numpy as np
import psycopg
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.view import case_view
from baxt.application.cases.read_model import CaseFilter, CaseReadModel
from baxt.application.pii.blind_index import INDEX_KEY_OWNER, NAME, PINFL
from baxt.application.pii.child_keys import MemoryChildKeys
from baxt.application.pii.keyring import MASTER_KEY
from baxt.application.pii.master_keys import MasterKeys, new_master_key
from baxt.application.pii.read_models import ReadModelSealer
from baxt.application.pii.row_opener import RowOpener
from baxt.devtools.synth import people
from baxt.migrations import apply_migrations
from bench._db import log, positive_int, scratch_database
from bench._figures import Figure, add_json_option, record, write_figures

PAGE = 50
_NAMESPACE = UUID("5b8a54a3-52c7-4a77-9d4c-0d3b6c0b1a5e")
_SURNAMES = sorted(set(people._SURNAMES))
_FIRST = sorted(set(people._MEN) | set(people._WOMEN))
_COPY_CASES = (
    "COPY case_summary (case_id, status, quarter, source, personal_id, full_name, birth_date,"
    " sex, guardian_name, guardian_phone, region, district, mahalla, version, flagged_at,"
    " updated_at) FROM STDIN"
)
_COPY_KEYS = "COPY child_key (case_id, master_key_id, wrapped) FROM STDIN"
_RAW = """
CREATE TABLE raw_names (case_id uuid PRIMARY KEY, full_name text NOT NULL,
                        personal_id text NOT NULL, updated_at timestamptz NOT NULL)"""
_RAW_SEARCH = (
    "SELECT * FROM raw_names WHERE lower(full_name) LIKE %s"
    " ORDER BY updated_at DESC, case_id DESC LIMIT %s"
)
_RAW_PINFL = "SELECT * FROM raw_names WHERE personal_id = %s LIMIT %s"


def _names(rng: np.random.Generator, cases: int) -> list[tuple[str, str, str]]:
    surnames = rng.integers(0, len(_SURNAMES), cases)
    firsts = rng.integers(0, len(_FIRST), cases)
    pinfls = rng.integers(10**13, 10**14, cases)
    return [
        (_SURNAMES[s], _FIRST[f], str(p))
        for s, f, p in zip(surnames.tolist(), firsts.tolist(), pinfls.tolist(), strict=True)
    ]


def fill(url: str, master: MasterKeys, cases: int) -> list[tuple[str, str, str]]:
    """`cases` rows in case_summary with their names sealed, their keys and blind index, and
    the same names in clear in `raw_names`."""
    rng = np.random.default_rng(7)
    names = _names(rng, cases)
    keys = MemoryChildKeys(master)
    sealer = ReadModelSealer(keys)
    ids = [uuid5(_NAMESPACE, str(n)) for n in range(cases)]
    keys.make([*ids, INDEX_KEY_OWNER])
    index = sealer.index
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with psycopg.connect(url) as conn:
        with conn.cursor() as cur, cur.copy(_COPY_CASES) as copy:
            for n, (case_id, (surname, first, pinfl)) in enumerate(zip(ids, names, strict=True)):
                at = start + timedelta(seconds=n)
                name = sealer.seal_text(case_id, f"{surname} {first}")
                copy.write_row((
                    case_id, "FLAGGED", "2026Q1", "RISK_SCREENING",
                    sealer.seal_text(case_id, pinfl), name, date(2020, 1, 1), "FEMALE", "", "",
                    "Toshkent shahri", "Chilonzor", "Minor", 1, at, at,
                ))  # fmt: skip
        log(f"wrote {cases} sealed rows")
        with conn.cursor() as cur, cur.copy("COPY case_search FROM STDIN") as copy:
            for case_id, (surname, first, pinfl) in zip(ids, names, strict=True):
                for term in index.name_terms(f"{surname} {first}"):
                    copy.write_row((case_id, NAME, term))
                copy.write_row((case_id, PINFL, index.pinfl_term(pinfl)))
        log("wrote the blind index")
        with (
            conn.cursor() as cur,
            cur.copy("COPY child_key (case_id, master_key_id, wrapped) FROM STDIN") as copy,
        ):
            for case_id, row in keys.rows.items():
                copy.write_row((case_id, row.master_key_id, row.wrapped))
        conn.execute(_RAW)
        with conn.cursor() as cur, cur.copy("COPY raw_names FROM STDIN") as copy:
            for n, (case_id, (surname, first, pinfl)) in enumerate(zip(ids, names, strict=True)):
                copy.write_row((case_id, f"{surname} {first}", pinfl, start + timedelta(seconds=n)))
        conn.execute("CREATE INDEX raw_names_name ON raw_names (lower(full_name) text_pattern_ops)")
        conn.execute("CREATE INDEX raw_names_recent ON raw_names (updated_at DESC, case_id DESC)")
        conn.execute("CREATE INDEX raw_names_pinfl ON raw_names (personal_id)")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    return names


def queries(names: list[tuple[str, str, str]], count: int) -> list[tuple[str, str]]:
    """(search, the raw LIKE pattern or PINFL) pairs: a surname prefix, a surname and a first
    name, and a PINFL, in turn."""
    rng = np.random.default_rng(11)
    picked = [names[i] for i in rng.integers(0, len(names), count).tolist()]
    found: list[tuple[str, str]] = []
    for n, (surname, first, pinfl) in enumerate(picked):
        kind = n % 3
        if kind == 0:
            found.append((surname[:3], surname[:3].lower() + "%"))
        elif kind == 1:
            found.append((f"{surname} {first}", f"{surname} {first}".lower() + "%"))
        else:
            found.append((pinfl, pinfl))
    return found


async def _timed(calls: list[Callable[[], Awaitable[int]]]) -> tuple[list[float], int]:
    await calls[0]()  # warm the pool and the caches, untimed
    samples, rows = [], 0
    for call in calls:
        started = time.perf_counter()
        rows += await call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, rows


async def measure(url: str, asked: list[tuple[str, str]]) -> tuple[Any, Any]:
    view = case_view(Principal("bench", Role.SUPERVISOR, regions=("Toshkent shahri",)))
    async with AsyncConnectionPool(url, min_size=1, max_size=2, open=False) as pool:
        model = CaseReadModel(pool, RowOpener.from_environment())

        def ours(search: str) -> Callable[[], Awaitable[int]]:
            async def call() -> int:
                page = await model.page(CaseFilter(search=search), view, limit=PAGE)
                assert all(not row.child.full_name.startswith("pii:") for row in page.rows)
                return len(page.rows)

            return call

        def raw(search: str, pattern: str) -> Callable[[], Awaitable[int]]:
            query = _RAW_PINFL if pattern == search and search.isdigit() else _RAW_SEARCH

            async def call() -> int:
                async with pool.connection() as conn:
                    cursor = await conn.execute(query, [pattern, PAGE + 1])
                    return len((await cursor.fetchall())[:PAGE])

            return call

        baseline = await _timed([raw(s, p) for s, p in asked])
        timed = await _timed([ours(s) for s, _ in asked])
    return timed, baseline


_KINDS = ("surname prefix", "surname first name", "PINFL")
"""The searches `queries` asks, in turn."""


def _percentile(samples: list[float], share: float) -> float:
    return float(np.percentile(samples, share))


def run(cases: int, count: int) -> None:
    os.environ.setdefault(MASTER_KEY, new_master_key())
    master = MasterKeys.from_text(os.environ[MASTER_KEY])
    with scratch_database() as url:
        apply_migrations(url)
        names = fill(url, master, cases)
        asked = queries(names, count)
        (ours, our_rows), (raw, raw_rows) = asyncio.run(measure(url, asked))
    report(cases, count, ours, raw, our_rows, raw_rows)


def report(
    cases: int, count: int, ours: list[float], raw: list[float], our_rows: int, raw_rows: int
) -> None:
    print(f"\nname search: {cases:,} cases with sealed names; {count} searches, pages of {PAGE}")
    print("ratio: our ms divided by the raw indexed lookup's (lower is better)")
    print(f"rows found: ours {our_rows}, raw {raw_rows} (ours matches any name token)\n")
    print(f"{'run':<44} {'ms':>9} {'ratio':>8}")
    for share in (50, 99):
        mine, theirs = _percentile(ours, share), _percentile(raw, share)
        label, baseline = f"baxt search (blind index) p{share}", f"raw LIKE on clear names p{share}"
        print(f"{label:<44} {mine:>9.3f} {mine / theirs:>8.1f}")
        print(f"{baseline:<44} {theirs:>9.3f} {1.0:>8.1f}")
        record(Figure(label, mine, "ms", cases, baseline, theirs, mine / theirs))
        record(Figure(baseline, theirs, "ms", cases))
    print()
    for kind, label in enumerate(_KINDS):
        print(f"{label:<20} {_spread(ours[kind::3])}   raw {_spread(raw[kind::3])}")


def _spread(samples: list[float]) -> str:
    return f"p50 {_percentile(samples, 50):>8.3f}  p99 {_percentile(samples, 99):>8.3f}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.name_search", description=__doc__)
    parser.add_argument(
        "--cases", type=positive_int, default=1_000_000, help="cases to search (1,000,000)"
    )
    parser.add_argument("--queries", type=positive_int, default=300, help="searches (300)")
    add_json_option(parser)
    args = parser.parse_args(argv)
    run(args.cases, args.queries)
    write_figures(args.json)


if __name__ == "__main__":
    main()
