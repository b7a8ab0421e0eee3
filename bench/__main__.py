"""Every bench, one after the other, and one table of their figures beside their goals.

Run from the repository root: python -m bench [--quick | --tiny] [--only NAME[,NAME]] [--out FILE]

Each bench runs as its own process (`python -m bench.NAME`), its output kept in a log file.
The table goes to stdout (and to FILE with --out); progress goes to stderr. The exit status
is 1 when any bench failed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench._runner import BENCHES, NAMES, Bench, Mode, Progress, run_all
from bench._table import table


def only(text: str) -> list[str]:
    """An argparse type: bench names separated by commas, each one of NAMES."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in NAMES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown bench {', '.join(unknown) or '(none)'}; choose from {', '.join(NAMES)}"
        )
    return names


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sizes = made.add_mutually_exclusive_group()
    sizes.add_argument(
        "--quick", action="store_true", help="smaller runs: all of them in under 5 minutes"
    )
    sizes.add_argument(
        "--tiny", action="store_true", help="the smallest runs, to check that each one works"
    )
    made.add_argument("--only", type=only, metavar="NAME[,NAME]", help="run only these benches")
    made.add_argument("--out", type=Path, metavar="FILE", help="also write the table to FILE")
    made.add_argument(
        "--logs", type=Path, metavar="DIR", help="keep each bench's output and figures in DIR"
    )
    return made


def chosen(names: Sequence[str] | None) -> list[Bench]:
    return [bench for bench in BENCHES if names is None or bench.name in names]


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    mode: Mode = "quick" if args.quick else "tiny" if args.tiny else "full"
    logs: Path = args.logs or Path(tempfile.mkdtemp(prefix="bench-logs-"))
    logs.mkdir(parents=True, exist_ok=True)
    progress = Progress(sys.stderr, time.monotonic())
    benches = chosen(args.only)
    progress.say(f"{len(benches)} benches, {mode} sizes; their output in {logs}")
    outcomes = run_all(benches, mode, logs, progress)
    shown = table(outcomes)
    print(shown, end="")
    if args.out is not None:
        args.out.write_text(shown, encoding="utf-8")
    failed = [outcome.bench for outcome in outcomes if outcome.failed]
    progress.say(
        f"{len(outcomes)} benches in {progress.total()}; failed: {', '.join(failed) or 'none'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
