"""`dramatiq baxt.workers.actors` runs the workers: a notification handed to a private Redis
broker is sent, by a dramatiq process of its own, to a real SMTP server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.roster import parse_roster, save_roster
from baxt.bootstrap import event_store_env, prepare
from baxt.config import Settings
from baxt.domain.values import FlagSource, Visit
from baxt.workers.brokers import make_broker
from baxt.workers.delivery import Delivery
from baxt.workers.jobs import declare_delivery_actor, enqueuer
from baxt.workers.notifier import notifier_runner
from tests.factories import child, hours_ago, household
from tests.faults.private_redis import PrivateRedis, private_redis
from tests.integration.conftest import CASE_KEY
from tests.services import smtp_server

ROSTER = Path(__file__).with_name("roster.csv")
SENT_WITHIN = 60.0


@pytest.fixture
def email_to_send(fresh_database_url: str, tmp_path: Path) -> UUID:
    """The email a safety concern found on a visit gives the supervisor, waiting in the outbox."""
    prepare(Settings(database_url=fresh_database_url, data_dir=tmp_path))
    with ROSTER.open(encoding="utf-8") as roster:
        members, rejected = parse_roster(roster)
    assert rejected == []
    save_roster(fresh_database_url, members)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    try:
        _report_a_safety_concern(app)
        with notifier_runner(event_store_env(fresh_database_url)) as runner:
            runner.wait(app.recorder.max_notification_id(), timeout=60)
    finally:
        app.close()
    with psycopg.connect(fresh_database_url) as conn:
        row = conn.execute("SELECT id FROM notification WHERE channel = 'EMAIL'").fetchone()
    assert row is not None, "the notifier wrote no email"
    return UUID(str(row[0]))


def _report_a_safety_concern(app: CaseApplication) -> None:
    case_id = app.flag_child(
        child=child(),
        household=household(),
        source=FlagSource.COMMUNITY_REPORT,
        indicators=[],
        note="",
        actor="aziza",
    ).case_id
    app.change_case(
        case_id,
        lambda case: case.record_visit(
            visit=Visit(hours_ago(1), True, False, "", True), actor="aziza", now=app.now()
        ),
    )


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[PrivateRedis]:
    with private_redis(tmp_path) as server:
        yield server


def test_a_dramatiq_process_on_the_actors_module_sends_a_notification(
    email_to_send: UUID, fresh_database_url: str, broker: PrivateRedis, tmp_path: Path
) -> None:
    with smtp_server() as (smtp_port, mailbox):
        env = {k: v for k, v in os.environ.items() if not k.startswith("BAXT_")} | {
            "BAXT_PII_KEY": os.environ["BAXT_PII_KEY"],
            "BAXT_DATABASE_URL": fresh_database_url,
            "BAXT_BROKER_URL": broker.url,
            "BAXT_DATA_DIR": str(tmp_path),
            "BAXT_SMTP_HOST": "127.0.0.1",
            "BAXT_SMTP_PORT": str(smtp_port),
            "BAXT_PUBLIC_URL": "https://baxt.example.uz",
        }
        with _dramatiq_worker(env, tmp_path / "dramatiq.log") as log:
            _enqueue(broker.url, email_to_send)
            status = _wait_until_done(fresh_database_url, email_to_send)
            assert status == "SENT", log.read_text(errors="replace")[-4000:]
        assert [message["Message-ID"] for message in mailbox.messages] == [
            f"<{email_to_send}@baxt>"
        ]


def _enqueue(broker_url: str, notification_id: UUID) -> None:
    """Sends the delivery message as the dispatcher would, from a broker of the test's own."""

    def never_called() -> Delivery:
        raise AssertionError("the test's own broker has no worker")

    sender = make_broker(broker_url)
    try:
        enqueuer(declare_delivery_actor(sender, never_called))(notification_id)
    finally:
        sender.close()


def _wait_until_done(database_url: str, notification_id: UUID) -> str:
    deadline = time.monotonic() + SENT_WITHIN
    status = "PENDING"
    while time.monotonic() < deadline:
        with psycopg.connect(database_url) as conn:
            row = conn.execute(
                "SELECT status FROM notification WHERE id = %s", (notification_id,)
            ).fetchone()
        assert row is not None
        status = str(row[0])
        if status in ("SENT", "DEAD"):
            return status
        time.sleep(0.2)
    return status


@contextmanager
def _dramatiq_worker(env: dict[str, str], log: Path) -> Iterator[Path]:
    """`dramatiq baxt.workers.actors` with one process and one thread, stopped afterwards."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "dramatiq", "baxt.workers.actors", "-p", "1", "-t", "1"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
