"""A PostgreSQL cluster of a test's own, made with `initdb` and run with `pg_ctl` from
`pg_config --bindir`, on a free port in a folder of its own, so a fault test may restart or
stop it without touching the machine's shared server. Run as root, its commands run as the
`postgres` system user, as initdb and pg_ctl refuse to run as root."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from tests.services import free_port, process_running

CLUSTER_USER = "postgres"


class NoPostgresBinaries(RuntimeError):
    """Raised when neither `pg_config --bindir` nor the PATH offers initdb and pg_ctl."""


def postgres_bindir() -> Path:
    """Where initdb and pg_ctl are: `pg_config --bindir`, else the folder initdb is in."""
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        found = subprocess.run(  # noqa: S603 - the machine's own pg_config
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        folder = Path(found.stdout.strip())
        if found.returncode == 0 and (folder / "initdb").exists():
            return folder
    initdb = shutil.which("initdb")
    if initdb is not None and shutil.which("pg_ctl") is not None:
        return Path(initdb).parent
    raise NoPostgresBinaries("no PostgreSQL server binaries (pg_config --bindir, initdb, pg_ctl)")


class PrivatePostgres:
    """One private cluster: `start`, `restart` (as `pg_ctl restart -m fast`), `stop`, and
    `destroy`, which stops it by its postmaster's PID and removes its folder."""

    def __init__(self, bindir: Path) -> None:
        self._bin = bindir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="baxt-private-pg-"))
        self.data = self.root / "data"
        self._log = self.root / "server.log"
        self._as_other_user = os.geteuid() == 0
        if self._as_other_user:
            shutil.chown(self.root, CLUSTER_USER, CLUSTER_USER)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-sync", "--no-instructions")  # fmt: skip
        settings = (
            f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.root}'\nfsync = off\n"
        )
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(settings)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self._ctl("start", "-l", str(self._log))

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")

    def restart(self) -> float:
        """Restarts the cluster in fast mode, as an operator would; returns the seconds it took."""
        began = time.monotonic()
        self._ctl("restart", "-m", "fast", "-l", str(self._log))
        return time.monotonic() - began

    @property
    def pid(self) -> int | None:
        """The postmaster's PID while the cluster runs."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            return None

    def destroy(self) -> None:
        """Stops the postmaster by its PID (a fast shutdown) and removes the folder."""
        pid = self.pid
        if pid is not None and process_running(pid):
            os.kill(pid, signal.SIGINT)
            deadline = time.monotonic() + 30
            while process_running(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if process_running(pid):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self._log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _ctl(self, action: str, *args: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", *args, action)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self._bin / program), *args]
        if self._as_other_user:
            command = _as_user(CLUSTER_USER, command)
        subprocess.run(  # noqa: S603 - the machine's own PostgreSQL binaries
            command, check=True, capture_output=True, text=True, timeout=120, cwd=self.root
        )


def _as_user(user: str, command: list[str]) -> list[str]:
    runuser = shutil.which("runuser")
    if runuser is not None:
        return [runuser, "-u", user, "--", *command]
    return ["su", "-s", "/bin/sh", user, "-c", shlex.join(command)]
