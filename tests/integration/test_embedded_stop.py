"""Stopping `baxt serve` on the embedded default stops the embedded PostgreSQL it started."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.services import free_port, process_running


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A folder the embedded server's own system user may open (pytest's are closed)."""
    folder = Path(tempfile.mkdtemp(prefix="baxt-embedded-"))
    yield folder
    postmaster = _postmaster_pid(folder)
    if postmaster is not None and process_running(postmaster):
        os.kill(postmaster, signal.SIGINT)
        _wait_until(lambda: not process_running(postmaster), 30)
    shutil.rmtree(folder, ignore_errors=True)


def test_stopping_serve_on_the_embedded_database_stops_its_postgres(data_dir: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "BAXT_DATABASE_URL"}
    env["BAXT_DATA_DIR"] = str(data_dir)
    serve = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "baxt", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_until(lambda: _answers(port), 180), "serve did not start"
        postmaster = _postmaster_pid(data_dir)
        assert postmaster is not None
        assert process_running(postmaster)

        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=60) == 0
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait(timeout=10)

    assert _wait_until(lambda: not process_running(postmaster), 30)


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _postmaster_pid(data_dir: Path) -> int | None:
    pid_file = data_dir / "pg" / "postmaster.pid"
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, IndexError, ValueError):
        return None


def _wait_until(holds: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not holds():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True
