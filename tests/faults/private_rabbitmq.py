"""A RabbitMQ node of the tests' own, that a test may stop, kill and start again.

It runs from the installed rabbitmq-server under its own node name, on free ports, with
its data, logs, configuration, Erlang cookie and port mapper (epmd) in a folder of its
own, so the machine's shared RabbitMQ is never stopped, restarted or reconfigured. A
node takes seconds to boot: start one per test session and give each test a virtual
host of its own on it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.database import in_ci
from tests.services import free_port

READY_WITHIN = 120.0
STOPPED_WITHIN = 60.0
CTL_TIMEOUT = 120.0
SYSTEM_SBIN = ("/usr/sbin", "/usr/local/sbin")
USER = "guest"  # the default user, allowed from loopback addresses only


class NoRabbitmqServer(RuntimeError):
    """Raised when no installed rabbitmq-server (or no epmd) is found to start a node from."""


class PrivateRabbitmqFailed(RuntimeError):
    """Raised when the private node does not start, stop or answer; it carries its log's end."""


def rabbitmq_scripts() -> Path:
    """The folder of the installed server's own scripts (not the distribution's wrappers).

    A distribution's `rabbitmq-server` on PATH may be a wrapper that re-runs itself as the
    `rabbitmq` user in the shared node's folders; the scripts beside its target do not.
    """
    search = os.pathsep.join([os.environ.get("PATH", ""), *SYSTEM_SBIN])
    found = shutil.which("rabbitmq-server", path=search)
    if found is None:
        raise NoRabbitmqServer("no rabbitmq-server is installed")
    scripts = Path(found).resolve().parent
    for script in ("rabbitmq-server", "rabbitmqctl"):
        if not (scripts / script).is_file():
            raise NoRabbitmqServer(f"no {script} beside {found}")
    return scripts


def epmd_command() -> str:
    """The Erlang port mapper daemon, to run one of the node's own."""
    found = shutil.which("epmd")
    if found is None:
        raise NoRabbitmqServer("no epmd (the Erlang port mapper) on PATH")
    return found


@dataclass
class PrivateRabbitmq:
    """One private RabbitMQ node: its process and its port mapper, both known by PID."""

    scripts: Path
    epmd: str
    folder: Path
    node: str = field(default_factory=lambda: f"baxt-test-{secrets.token_hex(4)}@localhost")
    port: int = field(default_factory=free_port)
    dist_port: int = field(default_factory=free_port)
    epmd_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    mapper: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        """The AMQP URL of the node's default virtual host."""
        return f"amqp://{USER}:{USER}@127.0.0.1:{self.port}/%2F"

    def start(self) -> None:
        """Starts the node (on the same ports and data as before) and waits until it accepts."""
        assert self.process is None, "the private RabbitMQ node is already running"
        if _accepts(self.port):
            raise PrivateRabbitmqFailed(f"another process already listens on port {self.port}")
        self._start_mapper()
        self.starts += 1
        with self._startup_log().open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own script and arguments
                [str(self.scripts / "rabbitmq-server")],
                env=self._server_environment(),
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so the node's whole process group is known by its PID
            )
        self._wait_for_ports(accepting=True, seconds=READY_WITHIN)

    def kill(self) -> None:
        """Kills the node's whole process group with SIGKILL, as a crash would.

        It returns once the node's ports refuse: the Erlang VM may outlive its start
        script for a moment, still listening and still registered under its name.
        """
        assert self.process is not None, "the private RabbitMQ node is not running"
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOPPED_WITHIN)
        self.process = None
        self._wait_for_ports(accepting=False, seconds=STOPPED_WITHIN, dist=True)

    def stop_app(self) -> None:
        """Stops the RabbitMQ application on the node (the Erlang node stays up)."""
        self.ctl("stop_app")
        self._wait_for_ports(accepting=False, seconds=STOPPED_WITHIN)

    def start_app(self) -> None:
        """Starts the RabbitMQ application again and waits until it accepts."""
        self.ctl("start_app")
        self._wait_for_ports(accepting=True, seconds=READY_WITHIN)

    @contextmanager
    def stopped(self) -> Iterator[None]:
        """The broker stopped for real; on exit it is started again and accepts again."""
        self.stop_app()
        try:
            yield
        finally:
            self.start_app()

    @contextmanager
    def vhost(self) -> Iterator[str]:
        """A virtual host of its own on this node, deleted afterwards; yields its URL.

        It isolates processes whose queue names are fixed, such as `baxt worker`.
        """
        name = f"baxt_test_{secrets.token_hex(4)}"
        self.ctl("add_vhost", name)
        try:
            self.ctl("set_permissions", "-p", name, USER, ".*", ".*", ".*")
            yield f"amqp://{USER}:{USER}@127.0.0.1:{self.port}/{name}"
        finally:
            self.ctl("delete_vhost", name)

    def messages(self, url: str) -> int:
        """How many messages the virtual host of `url` holds, ready or unacknowledged."""
        vhost = unquote(urlsplit(url).path.removeprefix("/")) or "/"
        counts = self.ctl("list_queues", "-p", vhost, "messages", "--quiet", "--no-table-headers")
        return sum(int(count) for count in counts.split())

    def ctl(self, *args: str) -> str:
        """Runs rabbitmqctl against this node only, never the machine's shared one."""
        done = subprocess.run(  # noqa: S603 - our own script; the arguments are the tests' own
            [str(self.scripts / "rabbitmqctl"), "-n", self.node, *args],
            env=self._cli_environment(),
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=CTL_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            raise PrivateRabbitmqFailed(
                f"rabbitmqctl {' '.join(args)} failed: {done.stderr.strip()}\n{self.log_tail()}"
            )
        return done.stdout

    def destroy(self) -> None:
        """Stops the node and its port mapper by their PIDs and removes its folder."""
        try:
            if self.process is not None:
                self._terminate_node()
        finally:
            if self.mapper is not None:
                _end(self.mapper)
                self.mapper = None
            shutil.rmtree(self.folder, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        """The end of the node's own log and of its start-up output, to say why it failed."""
        logs = [self.folder / "log" / f"{self.node}.log", self._startup_log()]
        tails = []
        for log in logs:
            if log.is_file():
                text = log.read_text(errors="replace").splitlines()[-lines:]
                tails.append(f"--- {log.name}\n" + "\n".join(text))
        return "\n".join(tails) or "(the node wrote no log)"

    def _terminate_node(self) -> None:
        assert self.process is not None
        self.process.terminate()  # the start script passes SIGTERM on: a clean shutdown
        try:
            self.process.wait(timeout=STOPPED_WITHIN)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the leader is not reaped yet: safe
            self.process.wait(timeout=STOPPED_WITHIN)
        self.process = None

    def _start_mapper(self) -> None:
        if self.mapper is not None and self.mapper.poll() is None:
            return
        self.mapper = subprocess.Popen(  # noqa: S603 - our own command and arguments
            [self.epmd, "-port", str(self.epmd_port), "-address", "127.0.0.1"],
            cwd=self.folder,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        failure = _wait_for((self.epmd_port,), True, READY_WITHIN, self.mapper)
        if failure is not None:
            raise PrivateRabbitmqFailed(f"the private node's epmd {failure}")

    def _startup_log(self) -> Path:
        return self.folder / f"startup-{max(self.starts, 1)}.log"

    def _cli_environment(self) -> dict[str, str]:
        inherited = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("RABBITMQ_", "ERL_"))
        }
        return inherited | {
            "HOME": str(self.folder),  # the node's and the CLI's own Erlang cookie
            "ERL_EPMD_PORT": str(self.epmd_port),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "RABBITMQ_CONF_ENV_FILE": str(self.folder / "rabbitmq-env.conf"),
        }

    def _server_environment(self) -> dict[str, str]:
        return self._cli_environment() | {
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_CONFIG_FILE": str(self.folder / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.folder / "enabled_plugins"),
            "RABBITMQ_MNESIA_BASE": str(self.folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.folder / "log"),
            "RABBITMQ_PID_FILE": str(self.folder / "node.pid"),
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        }

    def _wait_for_ports(self, *, accepting: bool, seconds: float, dist: bool = False) -> None:
        ports = (self.port, self.dist_port) if dist else (self.port,)
        failure = _wait_for(ports, accepting, seconds, self.process)
        if failure is not None:
            raise PrivateRabbitmqFailed(f"the private RabbitMQ node {failure}\n{self.log_tail()}")


def write_configuration(node: PrivateRabbitmq) -> None:
    """The node's own files, so nothing of the machine's RabbitMQ configuration applies."""
    (node.folder / "log").mkdir()
    (node.folder / "mnesia").mkdir()
    (node.folder / "rabbitmq-env.conf").write_text("")
    (node.folder / "enabled_plugins").write_text("[].\n")
    (node.folder / "rabbitmq.conf").write_text(f"listeners.tcp.local = 127.0.0.1:{node.port}\n")


@contextmanager
def private_rabbitmq() -> Iterator[PrivateRabbitmq]:
    """A started private RabbitMQ node, stopped by its PID and removed afterwards.

    Off CI, on a machine with no RabbitMQ server installed, the test skips and says why;
    in CI it fails instead, as nothing may skip there.
    """
    try:
        scripts, epmd = rabbitmq_scripts(), epmd_command()
    except NoRabbitmqServer as error:
        if in_ci():
            raise
        pytest.skip(f"{error}: install rabbitmq-server to run the broker fault tests")
    node = PrivateRabbitmq(scripts, epmd, Path(tempfile.mkdtemp(prefix="baxt-rabbitmq-")))
    try:
        write_configuration(node)
        node.start()
        yield node
    finally:
        node.destroy()


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
    except OSError:
        return False
    return True


def _wait_for(
    ports: tuple[int, ...], accepting: bool, seconds: float, process: subprocess.Popen[bytes] | None
) -> str | None:
    """None once every port accepts (or every one refuses); else what went wrong."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return f"exited with {process.returncode}"
        if all(_accepts(port) == accepting for port in ports):
            return None
        time.sleep(0.1)
    state = "accept" if accepting else "refuse"
    return f"did not {state} connections on port(s) {ports} within {seconds:.0f}s"


def _end(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOPPED_WITHIN)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOPPED_WITHIN)
