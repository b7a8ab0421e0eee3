"""Load from wrk, a compiled HTTP load generator, so that the client is not what limits the
rate: its Lua scripts cycle over prepared requests, and its summary comes back parsed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CONNECTIONS = 50
THREADS = 2
TIMEOUT = 60
"""Seconds before wrk counts a request as failed: a slow answer is still counted."""

_SCRIPT = """
local requests = {%(requests)s}
local headers = {%(headers)s}
local method = "%(method)s"
local next_at = 0

request = function()
  next_at = next_at %% #requests + 1
  local path, body = requests[next_at][1], requests[next_at][2]
  return wrk.format(method, path, headers, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %%d %%d %%d %%d %%d %%d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""
_RESULT = re.compile(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", re.MULTILINE)


@dataclass(frozen=True)
class Load:
    """What wrk measured: requests answered, over how long, their latencies, and failures
    (answers other than 2xx or 3xx, and socket errors)."""

    label: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failed: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Target:
    """Requests to cycle over: (path, body) pairs sent with `method` and `headers`."""

    label: str
    base_url: str
    method: str
    requests: Sequence[tuple[str, str]]
    headers: dict[str, str]


def require_wrk() -> str:
    """The path of wrk, or an exit that says how to install it."""
    found = shutil.which("wrk")
    if found is None:
        sys.exit(
            "bench.api needs wrk, a compiled HTTP load generator, on the PATH:"
            " `apt-get install wrk` (Debian, Ubuntu) or `brew install wrk` (macOS)"
        )
    return found


def run_wrk(wrk: str, target: Target, seconds: int) -> Load:
    """`target` under CONNECTIONS concurrent connections for `seconds`."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        script = Path(folder) / "load.lua"
        script.write_text(_lua(target))
        command = [
            wrk,
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            f"{TIMEOUT}s",
            "-s",
            str(script),
            target.base_url,
        ]
        finished = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    found = _RESULT.search(finished.stdout)
    if found is None:
        raise RuntimeError(f"wrk printed no summary:\n{finished.stdout}{finished.stderr}")
    done, micros, p50, p99, status, sockets = map(int, found.groups())
    return Load(target.label, done, micros / 1e6, p50 / 1000, p99 / 1000, status + sockets)


def _lua(target: Target) -> str:
    requests = ",\n".join(f"{{{_quoted(path)}, {_quoted(body)}}}" for path, body in target.requests)
    headers = ", ".join(f"[ {_quoted(k)} ] = {_quoted(v)}" for k, v in target.headers.items())
    return _SCRIPT % {"requests": requests, "headers": headers, "method": target.method}


def _quoted(text: str) -> str:
    """`text` as a Lua long string, which takes every character as it is."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"
