"""A scratch database for one benchmark run, and the small helpers the benchmarks share."""

from __future__ import annotations

import argparse
import atexit
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import TupleRow

from baxt.application.pii.keyring import MASTER_KEY
from baxt.application.pii.master_keys import new_master_key
from baxt.embedded import start_embedded_postgres
from bench._figures import Figure, record

os.environ.setdefault(MASTER_KEY, new_master_key())  # each run seals under a key of its own

DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
SERVER_URL_VARIABLE = "BAXT_BENCH_DATABASE_URL"


def server_url() -> str:
    """The server to benchmark on, or the embedded PostgreSQL when that one can't be reached."""
    url = os.environ.get(SERVER_URL_VARIABLE) or DEFAULT_SERVER_URL
    if reachable(url):
        return url
    data_dir = Path(tempfile.mkdtemp(prefix="baxt-bench-"))
    log(f"{_describe(url)} cannot be reached; starting the embedded PostgreSQL in {data_dir}")
    # atexit runs last-in first-out: this runs after the embedded server has stopped.
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    return start_embedded_postgres(data_dir)


def reachable(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def scratch_database() -> Iterator[str]:
    """Creates an empty database named bench_<hex>, yields its URL, and drops it afterwards."""
    admin_url = server_url()
    name = f"bench_{secrets.token_hex(6)}"
    _execute(admin_url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = make_conninfo(admin_url, dbname=name)
    log(f"scratch database {name} on {_describe(admin_url)}")
    try:
        yield url
    finally:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        _execute(admin_url, drop)
        log(f"dropped {name}")


def _execute(url: str, statement: sql.Composed) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def _describe(url: str) -> str:
    info = conninfo_to_dict(url)
    return f"{info.get('host') or 'localhost'}:{info.get('port') or 5432}"


def durability(url: str) -> str:
    """The server settings that decide what a COMMIT costs, for the report's header."""
    names = ("server_version", "fsync", "synchronous_commit")
    with psycopg.connect(url) as conn:
        values = [_show(conn, name) for name in names]
    return ", ".join(f"{name}={value}" for name, value in zip(names, values, strict=True))


def _show(conn: psycopg.Connection[TupleRow], name: str) -> str:
    row = conn.execute(sql.SQL("SHOW {}").format(sql.Identifier(name))).fetchone()
    return str(row[0]) if row else "?"


def positive_int(text: str) -> int:
    """An argparse type: a whole number above zero."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def progress(label: str, done: int, total: int) -> None:
    """A carriage-return counter on stderr; ends the line when `done` reaches `total`."""
    end = "\n" if done >= total else ""
    print(f"\r  {label}: {done}/{total}", end=end, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Timing:
    """How many rows (or events) a run wrote and how long it took."""

    label: str
    rows: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float("inf")


class Stopwatch:
    """Measures the wall-clock time of a `with` block."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._start = 0.0

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self._start


def print_table(timings: list[Timing], baselines: list[Timing]) -> None:
    """One line per run: rows, seconds, rows/s, and its rate as a share of each baseline's."""
    ratio_heads = "".join(f" {'/ ' + b.label:>20}" for b in baselines)
    print("\nratio columns: the run's rows/s divided by the baseline's rows/s\n")
    print(f"{'run':<34} {'rows':>7} {'seconds':>9} {'rows/s':>10}{ratio_heads}")
    for timing in timings:
        ratios = "".join(f" {timing.rate / b.rate:>20.3f}" for b in baselines)
        print(
            f"{timing.label:<34} {timing.rows:>7} {timing.seconds:>9.3f}"
            f" {timing.rate:>10.0f}{ratios}"
        )
        record_timing(timing, baselines)


def record_timing(timing: Timing, baselines: list[Timing]) -> None:
    """Keeps a printed row's figures: one per baseline, or one alone for a baseline itself."""
    if timing in baselines or not baselines:
        record(Figure(timing.label, timing.rate, "rows/s", timing.rows))
        return
    for baseline in baselines:
        record(
            Figure(
                timing.label,
                timing.rate,
                "rows/s",
                timing.rows,
                baseline.label,
                baseline.rate,
                timing.rate / baseline.rate,
            )
        )
