"""Notifications survive a worker killed mid-delivery and a RabbitMQ that stops and comes back.

Each test runs `baxt worker` as a real process on a RabbitMQ node the tests start for
themselves, in a virtual host of its own (the worker's queue names are fixed), with a real
SMTP server and a real HTTP receiver standing in for the SMS gateway. The broker that is
stopped is that private node, never the machine's shared RabbitMQ.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import dramatiq
import psycopg
import pytest

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.domain.values import FlagSource, Visit
from baxt.workers.channels import HttpSmsChannel, SmtpChannel
from baxt.workers.delivery import Delivery
from baxt.workers.jobs import declare_delivery_actor, enqueuer
from baxt.workers.notifier import notifier_runner
from tests.factories import child, hours_ago, household
from tests.faults.private_rabbitmq import PrivateRabbitmq, private_rabbitmq
from tests.services import (
    Mailbox,
    SmsGateway,
    held_sms_gateway,
    sms_gateway,
    smtp_server,
)

SETTLE_WITHIN = 90.0
BUSY_FOR = 3.0  # long enough for the worker to take the messages while their rows are busy
OUTAGE = 8.0  # longer than the dispatcher's sweep, so it meets the outage more than once


@dataclass
class Outbox:
    url: str
    app: CaseApplication

    def statuses(self) -> dict[UUID, str]:
        """The status of each message to send by email or SMS (in-app copies need no sending)."""
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT id, status FROM notification WHERE channel IN ('EMAIL', 'SMS')"
            ).fetchall()
        return {row[0]: row[1] for row in rows}

    def status_and_attempts(self, notification_id: UUID) -> tuple[str, int]:
        with psycopg.connect(self.url) as conn:
            row = conn.execute(
                "SELECT status, attempts FROM notification WHERE id = %s", (notification_id,)
            ).fetchone()
        assert row is not None
        return row[0], row[1]

    def safety_concerns(self, visits: int) -> None:
        """Records `visits` visits with a safety concern and lets the notifier write the outbox."""
        for _ in range(visits):
            case_id = self.app.flag_child(
                child=child(),
                household=household(),
                source=FlagSource.COMMUNITY_REPORT,
                indicators=[],
                note="",
                actor="aziza",
            ).case_id
            self.app.change_case(
                case_id,
                lambda case: case.record_visit(
                    visit=Visit(hours_ago(1), True, False, "", True),
                    actor="aziza",
                    now=self.app.now(),
                ),
            )
        with notifier_runner(event_store_env(self.url)) as runner:
            runner.wait(self.app.recorder.max_notification_id(), timeout=60)


@dataclass
class Workers:
    """Starts `baxt worker` processes and stops whatever is left of them afterwards."""

    database_url: str
    broker_url: str
    folder: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, smtp_port: int, sms_url: str, *, threads: int = 4) -> subprocess.Popen[bytes]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BAXT_")}
        env |= {
            "BAXT_DATABASE_URL": self.database_url,
            "BAXT_BROKER_URL": self.broker_url,
            "BAXT_DATA_DIR": str(self.folder),
            "BAXT_SMTP_HOST": "127.0.0.1",
            "BAXT_SMTP_PORT": str(smtp_port),
            "BAXT_SMS_GATEWAY_URL": sms_url,
            "BAXT_PUBLIC_URL": "https://baxt.example.uz",
        }
        log = self.folder / f"worker-{len(self.processes) + 1}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(  # noqa: S603 - our own command, no outside input
                [sys.executable, "-m", "baxt", "worker", "--threads", str(threads)],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        return process

    def logs(self) -> str:
        """The end of each worker's log, without the AMQP client's chatter."""
        tails = []
        for log in sorted(self.folder.glob("worker-*.log")):
            lines = log.read_text(errors="replace").splitlines()
            ours = [line for line in lines if " pika." not in line]
            tails.append(f"--- {log.name}\n" + "\n".join(ours[-60:]))
        return "\n".join(tails)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
def outbox(fresh_database_url: str, rostered_app: CaseApplication) -> Outbox:
    return Outbox(fresh_database_url, rostered_app)


@pytest.fixture(scope="session")
def rabbitmq_node() -> Iterator[PrivateRabbitmq]:
    """One private RabbitMQ node for the session: a node takes seconds to boot."""
    with private_rabbitmq() as node:
        yield node


@pytest.fixture
def broker_url(rabbitmq_node: PrivateRabbitmq) -> Iterator[str]:
    with rabbitmq_node.vhost() as url:
        yield url


@pytest.fixture
def workers(outbox: Outbox, broker_url: str, tmp_path: Path) -> Iterator[Workers]:
    started = Workers(outbox.url, broker_url, tmp_path)
    yield started
    started.stop()


def _wait_until_all_sent(
    outbox: Outbox, broker: PrivateRabbitmq, broker_url: str, workers: Workers
) -> None:
    """Until every message is SENT and the broker holds no copy that could still be sent."""
    deadline = time.monotonic() + SETTLE_WITHIN
    while time.monotonic() < deadline:
        statuses = outbox.statuses().values()
        if all(s == "SENT" for s in statuses) and broker.messages(broker_url) == 0:
            return
        time.sleep(0.5)
    raise AssertionError(
        f"not all sent within {SETTLE_WITHIN}s: {Counter(outbox.statuses().values())},"
        f" {broker.messages(broker_url)} messages on the broker\n{workers.logs()}"
    )


def _wait_until_sent(outbox: Outbox) -> dict[UUID, str]:
    deadline = time.monotonic() + SETTLE_WITHIN
    while time.monotonic() < deadline:
        statuses = outbox.statuses()
        if set(statuses.values()) == {"SENT"}:
            return statuses
        time.sleep(0.2)
    raise AssertionError(f"not all sent within {SETTLE_WITHIN}s: {outbox.statuses()}")


def _accepted(mailbox: Mailbox, gateway: SmsGateway) -> Counter[UUID]:
    """How many times each notification was accepted, told apart by the ID it carries."""
    emails = [UUID(m["Message-ID"].strip("<>").removesuffix("@baxt")) for m in mailbox.messages]
    texts = [UUID(headers["Idempotency-Key"]) for headers, _ in gateway.received]
    return Counter(emails + texts)


def test_a_worker_killed_inside_a_delivery_leaves_it_to_the_next_one_which_sends_it_once(
    outbox: Outbox, rabbitmq_node: PrivateRabbitmq, broker_url: str, workers: Workers
) -> None:
    """The gateway holds the first worker's post open, unanswered, and the worker is killed.

    An unanswered post was not accepted, so the second worker's post must be the only
    delivery the gateway accepts. The count does not rely on the gateway dropping resends
    by their Idempotency-Key; the key only says which notification each post was for.
    """
    outbox.safety_concerns(visits=3)
    with smtp_server() as (smtp_port, mailbox), held_sms_gateway() as (sms_url, gateway):
        # one thread, so the held post is the only delivery in flight when the kill lands
        first = workers.start(smtp_port, sms_url, threads=1)
        assert gateway.holding.wait(SETTLE_WITHIN), f"no post arrived\n{workers.logs()}"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        held = UUID(gateway.held[0]["Idempotency-Key"])
        killed_inside_the_delivery = outbox.status_and_attempts(held)
        gateway.release.set()

        second = workers.start(smtp_port, sms_url)
        _wait_until_all_sent(outbox, rabbitmq_node, broker_url, workers)
        assert second.poll() is None, workers.logs()

    assert killed_inside_the_delivery == ("PENDING", 0)
    statuses = outbox.statuses()
    assert len(statuses) == 6  # one supervisor, by email and SMS, for each of three visits
    assert set(statuses.values()) == {"SENT"}
    assert _accepted(mailbox, gateway) == Counter(statuses.keys())
    assert _accepted(mailbox, gateway)[held] == 1


def test_notifications_caused_while_rabbitmq_is_down_are_each_delivered_once_it_is_back(
    outbox: Outbox, rabbitmq_node: PrivateRabbitmq, broker_url: str, workers: Workers
) -> None:
    """The broker is stopped under a running worker; the worker and its dispatcher recover."""
    with smtp_server() as (smtp_port, mailbox), sms_gateway() as (sms_url, gateway):
        worker = workers.start(smtp_port, sms_url)
        outbox.safety_concerns(visits=1)
        _wait_until_all_sent(outbox, rabbitmq_node, broker_url, workers)

        with rabbitmq_node.stopped():
            outbox.safety_concerns(visits=3)
            time.sleep(OUTAGE)
            sent_during_outage = Counter(outbox.statuses().values())["SENT"]

        _wait_until_all_sent(outbox, rabbitmq_node, broker_url, workers)
        assert worker.poll() is None, workers.logs()

    assert sent_during_outage == 2
    statuses = outbox.statuses()
    assert len(statuses) == 8  # one supervisor, by email and SMS, for each of four visits
    assert set(statuses.values()) == {"SENT"}
    assert _accepted(mailbox, gateway) == Counter(statuses.keys())


def test_a_message_that_finds_its_row_busy_is_sent_once_the_row_is_free_not_dropped(
    outbox: Outbox, rabbitmq: tuple[dramatiq.Broker, str]
) -> None:
    """The dispatcher marks a row enqueued just after it sends the row's message.

    A worker quick enough to take the message in that moment finds the row locked; it
    must try again later rather than acknowledge the message and leave the row unsent.
    """
    outbox.safety_concerns(visits=1)
    broker, queue = rabbitmq
    with smtp_server() as (smtp_port, mailbox), sms_gateway() as (sms_url, gateway):
        delivery = Delivery(
            outbox.url,
            {
                "EMAIL": SmtpChannel("127.0.0.1", smtp_port, "baxt@example.uz"),
                "SMS": HttpSmsChannel(sms_url),
            },
            public_url="https://baxt.example.uz",
            max_attempts=8,
        )
        enqueue = enqueuer(declare_delivery_actor(broker, lambda: delivery, queue_name=queue))
        worker = dramatiq.Worker(broker, worker_threads=2, worker_timeout=100)
        worker.start()
        try:
            with psycopg.connect(outbox.url) as marking:
                marking.execute("UPDATE notification SET enqueued_at = now()")
                for notification_id in outbox.statuses():
                    enqueue(notification_id)
                time.sleep(BUSY_FOR)
            statuses = _wait_until_sent(outbox)
        finally:
            worker.stop()

    assert len(statuses) == 2  # one supervisor, by email and SMS
    assert _accepted(mailbox, gateway) == Counter(statuses.keys())
