"""A redis-server of the test's own, on a free port, that a test may kill and start again.

It keeps nothing on disk, so a killed server comes back empty, as a broker that lost its
memory would. The machine's shared Redis is never touched.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis

from tests.database import in_ci
from tests.services import free_port

READY_WITHIN = 20.0


def redis_server_command() -> str:
    """The redis-server executable; off CI a test skips, saying why, when there is none."""
    command = shutil.which("redis-server")
    if command is None:
        if in_ci():
            raise RuntimeError("CI needs redis-server on PATH to start a private broker")
        pytest.skip("needs redis-server on PATH to start a private broker")
    return command


@dataclass
class PrivateRedis:
    """One redis-server process at a time on `port`, started and killed by its PID."""

    command: str
    port: int
    folder: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = field(default=0)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Starts the server and returns once it answers PING."""
        assert self.process is None, "the private redis-server is already running"
        self.starts += 1
        with (self.folder / f"redis-{self.starts}.log").open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command and arguments
                [
                    self.command,
                    *("--port", str(self.port), "--bind", "127.0.0.1"),
                    *("--save", "", "--appendonly", "no", "--daemonize", "no"),
                    *("--dir", str(self.folder)),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_it_answers()

    def kill(self) -> None:
        """Kills the server with SIGKILL, as a crash would, and waits for it to be gone."""
        assert self.process is not None, "the private redis-server is not running"
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def _wait_until_it_answers(self) -> None:
        assert self.process is not None
        client = redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1)
        deadline = time.monotonic() + READY_WITHIN
        try:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"redis-server exited with {self.process.returncode}")
                try:
                    if client.ping():
                        return
                except (redis.ConnectionError, redis.TimeoutError):
                    time.sleep(0.1)
        finally:
            client.close()
        raise RuntimeError(f"redis-server on port {self.port} did not answer in {READY_WITHIN}s")


@contextmanager
def private_redis(folder: Path) -> Iterator[PrivateRedis]:
    """A started private redis-server, killed afterwards if it still runs."""
    server = PrivateRedis(redis_server_command(), free_port(), folder)
    server.start()
    try:
        yield server
    finally:
        if server.process is not None:
            server.kill()
