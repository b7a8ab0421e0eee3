"""`python -m bench` runs a bench end to end, as its own process, and prints its table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench._db import SERVER_URL_VARIABLE


def test_the_runner_runs_the_as_of_bench_and_writes_its_table(
    admin_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "figures.md"
    env = os.environ | {SERVER_URL_VARIABLE: admin_url}

    finished = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "bench", "--tiny", "--only", "as_of", "--out", str(out),
         "--logs", str(tmp_path / "logs")],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip

    assert finished.returncode == 0, finished.stderr[-3000:]
    shown = out.read_text()
    assert shown == finished.stdout
    assert "| **as_of** |" in shown
    assert "| baxt as-of version=20 (latest) |" in shown
    assert "| raw SELECT 20 rows |" in shown
    assert "< 5 ms" in shown
    assert "[1/1] python -m bench.as_of --events 20 --runs 3" in finished.stderr
