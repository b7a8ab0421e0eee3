"""Runs each bench as its own process (`python -m bench.NAME`) and collects its figures."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

from bench._figures import read_figures
from bench._table import Outcome

Mode = Literal["full", "quick", "tiny"]
TICK_SECONDS = 1.0
QUIET_TICK_SECONDS = 30.0
"""How often the elapsed time is shown when stderr is not a terminal."""
LOG_TAIL_LINES = 15


@dataclass(frozen=True)
class Bench:
    """A bench module and its options in each mode: full is its own defaults."""

    name: str
    quick: str
    tiny: str

    def options(self, mode: Mode) -> list[str]:
        return {"full": "", "quick": self.quick, "tiny": self.tiny}[mode].split()


BENCHES: tuple[Bench, ...] = (
    Bench("write_path", "--cases 500 --whole-cases 100", "--cases 20 --whole-cases 5"),
    Bench("write_concurrency", "--commands 20", "--clients 5 --commands 3"),
    Bench("projection_catchup", "--cases 300", "--cases 20"),
    Bench("rebuild", "--cases 600", "--cases 20"),
    Bench("planning", "--cases 1500", "--cases 50"),
    Bench("notifications", "--messages 100", "--messages 20"),
    Bench("screening", "--children 20000", "--children 2000"),
    Bench("as_of", "--runs 20", "--events 20 --runs 3"),
    Bench("api", "--cases 1000 --seconds 3 --settle 10", "--cases 50 --seconds 1 --settle 2"),
    Bench("case_list", "--cases 100000 --requests 30", "--cases 2000 --requests 3"),
    Bench("sealing", "--cases 30", "--cases 10"),
    Bench(
        "figures",
        "--cases 20000 --repeats 10 --events-cases 300",
        "--cases 500 --repeats 3 --events-cases 10",
    ),
    Bench("name_search", "--cases 20000 --queries 150", "--cases 500 --queries 15"),
    Bench("ledger", "--cases 300", "--cases 20"),
    Bench("webhooks", "--deliveries 100", "--deliveries 20"),
    Bench("audit_export", "--cases 1000", "--cases 20"),
    Bench("subscriptions", "--changes 20 --subscribers 10", "--changes 3 --subscribers 2"),
)
NAMES = tuple(bench.name for bench in BENCHES)


@dataclass(frozen=True)
class Progress:
    """Where the runner tells what it is doing: which bench runs, and for how long."""

    out: TextIO
    started: float

    def say(self, message: str) -> None:
        print(message, file=self.out, flush=True)

    def finished(self, message: str) -> None:
        """Says how a bench ended, over its elapsed-time line on a terminal."""
        self.say(("\r" if self.out.isatty() else "") + message)

    def tick(self, name: str, seconds: float) -> None:
        if self.out.isatty():
            print(f"\r  bench.{name}: {seconds:.0f} s", end="", file=self.out, flush=True)
        else:
            self.say(f"  bench.{name}: still running after {seconds:.0f} s")

    def tick_every(self) -> float:
        return TICK_SECONDS if self.out.isatty() else QUIET_TICK_SECONDS

    def total(self) -> str:
        minutes, seconds = divmod(int(time.monotonic() - self.started), 60)
        return f"{minutes}:{seconds:02d}"


def run_all(benches: Sequence[Bench], mode: Mode, logs: Path, progress: Progress) -> list[Outcome]:
    """Runs the benches one after the other; a failed one is recorded and the next runs."""
    outcomes = []
    for number, bench in enumerate(benches, start=1):
        command = bench_command(bench, mode, logs / f"{bench.name}.json")
        progress.say(f"[{number}/{len(benches)}] python {' '.join(command[1:])}")
        outcome, seconds = run_one(bench.name, command, logs, progress)
        verdict = "FAILED" if outcome.failed else "done"
        progress.finished(
            f"  bench.{bench.name}: {verdict} in {seconds:.1f} s (exit status"
            f" {outcome.status}); {progress.total()} so far"
        )
        if outcome.failed:
            progress.say(_tail(logs / f"{bench.name}.log"))
        outcomes.append(outcome)
    return outcomes


def bench_command(bench: Bench, mode: Mode, json_path: Path) -> list[str]:
    module = f"bench.{bench.name}"
    return [sys.executable, "-m", module, *bench.options(mode), "--json", str(json_path)]


def run_one(
    name: str, command: Sequence[str], logs: Path, progress: Progress
) -> tuple[Outcome, float]:
    """Runs one bench, its output in LOGS/NAME.log; returns how it ended and its seconds."""
    json_path = Path(command[-1])
    json_path.unlink(missing_ok=True)
    started = time.monotonic()
    with (logs / f"{name}.log").open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        while True:
            try:
                status = process.wait(timeout=progress.tick_every())
                break
            except subprocess.TimeoutExpired:
                progress.tick(name, time.monotonic() - started)
    seconds = time.monotonic() - started
    return collect(name, status, json_path), seconds


def collect(name: str, status: int, json_path: Path) -> Outcome:
    """The outcome of a bench that exited with `status` and should have written `json_path`."""
    if status != 0:
        return Outcome(name, status, [])
    if not json_path.exists():
        return Outcome(name, status, [], "it wrote no figures")
    try:
        return Outcome(name, status, read_figures(json_path))
    except ValueError as error:
        return Outcome(name, status, [], str(error))


def _tail(log: Path) -> str:
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_TAIL_LINES:]
    return "\n".join(f"    {line}" for line in lines) + f"\n  (the whole output: {log})"
