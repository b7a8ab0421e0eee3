"""A safety concern found on a visit reaches the supervisor at once, through the real RabbitMQ."""

from __future__ import annotations

import time
from dataclasses import dataclass
from uuid import UUID

import dramatiq
import psycopg
import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.dead_letters import dead_messages, retry_dead
from baxt.bootstrap import event_store_env
from baxt.domain.values import Child, ContactOutcome, FlagSource, Visit
from baxt.workers.channels import Channel, HttpSmsChannel, SmtpChannel
from baxt.workers.delivery import Delivery, Outcome
from baxt.workers.dispatcher import Dispatcher
from baxt.workers.jobs import declare_delivery_actor, enqueuer
from baxt.workers.notifier import notifier_runner
from tests.factories import child, hours_ago, household
from tests.services import Mailbox, SmsGateway, sms_gateway, smtp_server


@dataclass
class Outbox:
    url: str
    app: CaseApplication

    def statuses(self) -> list[tuple[str, str, str, int]]:
        """The messages to send by email and SMS (the in-app copies need no sending)."""
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT recipient, channel, status, attempts FROM notification"
                " WHERE channel <> 'IN_APP' ORDER BY channel"
            ).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def feed(self) -> list[tuple[str, str, UUID]]:
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT recipient, kind, case_id FROM notification WHERE channel = 'IN_APP'"
                " AND status = 'SENT' ORDER BY recipient"
            ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def wait_until_settled(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if all(s in ("SENT", "DEAD") for _, _, s, _ in self.statuses()):
                return
            time.sleep(0.05)
        raise AssertionError(f"not delivered in {seconds}s: {self.statuses()}")


@pytest.fixture
def outbox(fresh_database_url: str, rostered_app: CaseApplication) -> Outbox:
    return Outbox(fresh_database_url, rostered_app)


def _visit(outbox: Outbox, kid: Child, *, safety_concern: bool = True) -> UUID:
    case_id = outbox.app.flag_child(
        child=kid,
        household=household(),
        source=FlagSource.COMMUNITY_REPORT,
        indicators=[],
        note="",
        actor="aziza",
    ).case_id
    outbox.app.change_case(
        case_id,
        lambda case: case.record_visit(
            visit=Visit(hours_ago(1), True, False, "bruises; father drunk", safety_concern),
            actor="aziza",
            now=outbox.app.now(),
        ),
    )
    return case_id


def _run_notifier(outbox: Outbox) -> None:
    with notifier_runner(event_store_env(outbox.url)) as runner:
        runner.wait(outbox.app.recorder.max_notification_id(), timeout=60)


def _deliver_through_rabbitmq(
    outbox: Outbox,
    rabbitmq: tuple[dramatiq.Broker, str],
    smtp_port: int,
    gateway_url: str,
    *,
    max_attempts: int = 8,
    redeliver: list[UUID] | None = None,
) -> None:
    broker, queue = rabbitmq
    delivery = Delivery(
        outbox.url,
        {
            "EMAIL": SmtpChannel("127.0.0.1", smtp_port, "baxt@example.uz"),
            "SMS": HttpSmsChannel(gateway_url),
        },
        public_url="https://baxt.example.uz",
        max_attempts=max_attempts,
    )
    actor = declare_delivery_actor(broker, lambda: delivery, queue_name=queue, min_backoff_ms=50)
    dispatched = Dispatcher(outbox.url, enqueuer(actor)).dispatch_due()
    assert dispatched == len(outbox.statuses())
    for notification_id in redeliver or []:
        enqueuer(actor)(notification_id)
    worker = dramatiq.Worker(broker, worker_threads=2, worker_timeout=100)
    worker.start()
    try:
        outbox.wait_until_settled()
        time.sleep(0.3)  # let duplicate copies, if any, reach the worker too
    finally:
        worker.stop()


def _assert_no_pii(text: str, kid: Child) -> None:
    for secret in (kid.full_name, kid.personal_id, "bruises", "+998901234567"):
        assert secret not in text


def test_a_safety_concern_emails_and_texts_the_district_supervisor_once(
    outbox: Outbox, rabbitmq: tuple[dramatiq.Broker, str]
) -> None:
    kid = child()
    case_id = _visit(outbox, kid)
    _run_notifier(outbox)
    with smtp_server() as (port, mailbox), sms_gateway() as (url, gateway):
        _deliver_through_rabbitmq(outbox, rabbitmq, port, url)

    assert outbox.statuses() == [
        ("sup.chilonzor", "EMAIL", "SENT", 1),
        ("sup.chilonzor", "SMS", "SENT", 1),
    ]
    assert outbox.feed() == [("sup.chilonzor", "SAFETY_CONCERN", case_id)]
    _assert_one_email_one_sms(mailbox, gateway, case_id, kid)


def _assert_one_email_one_sms(
    mailbox: Mailbox, gateway: SmsGateway, case_id: UUID, kid: Child
) -> None:
    assert len(mailbox.messages) == 1
    email = mailbox.messages[0]
    assert email["To"] == "malika@example.uz"
    assert case_id.hex[:8].upper() in email["Subject"]
    assert "Срочно" in email["Subject"]
    text = email.get_body()
    assert text is not None
    assert "https://baxt.example.uz/cases/" in text.get_content()
    _assert_no_pii(email["Subject"] + text.get_content(), kid)
    assert len(gateway.received) == 1
    headers, body = gateway.received[0]
    assert body["to"] == "+998712000001"
    _assert_no_pii(str(body), kid)
    assert UUID(headers["Idempotency-Key"])


def test_replaying_and_duplicate_messages_send_nothing_twice(
    outbox: Outbox, rabbitmq: tuple[dramatiq.Broker, str]
) -> None:
    kid = child()
    case_id = _visit(outbox, kid)
    _run_notifier(outbox)
    with psycopg.connect(outbox.url) as conn:
        conn.execute("DELETE FROM notifier_tracking")
    _run_notifier(outbox)
    with psycopg.connect(outbox.url) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM notification").fetchall()]

    with smtp_server() as (port, mailbox), sms_gateway() as (url, gateway):
        _deliver_through_rabbitmq(outbox, rabbitmq, port, url, redeliver=ids * 2)

    assert len(ids) == 3  # email, SMS and the in-app copy: the replay made none of them again
    _assert_one_email_one_sms(mailbox, gateway, case_id, kid)


def test_a_failing_gateway_is_retried_and_then_delivers(
    outbox: Outbox, rabbitmq: tuple[dramatiq.Broker, str]
) -> None:
    _visit(outbox, child())
    _run_notifier(outbox)
    with smtp_server() as (port, _), sms_gateway(failures=2) as (url, gateway):
        _deliver_through_rabbitmq(outbox, rabbitmq, port, url)

    assert ("sup.chilonzor", "SMS", "SENT", 3) in outbox.statuses()
    assert len(gateway.received) == 1


def test_a_message_that_keeps_failing_ends_dead_with_its_reason(
    outbox: Outbox, rabbitmq: tuple[dramatiq.Broker, str]
) -> None:
    _visit(outbox, child())
    _run_notifier(outbox)
    with smtp_server() as (port, _), sms_gateway(failures=99) as (url, _):
        _deliver_through_rabbitmq(outbox, rabbitmq, port, url, max_attempts=3)

    assert ("sup.chilonzor", "SMS", "DEAD", 3) in outbox.statuses()
    with psycopg.connect(outbox.url) as conn:
        reason = conn.execute("SELECT last_error FROM notification WHERE status = 'DEAD'")
        assert "500" in reason.fetchone()[0]  # type: ignore[index]


def test_a_visit_without_a_safety_concern_notifies_nobody(outbox: Outbox) -> None:
    _visit(outbox, child(), safety_concern=False)
    _run_notifier(outbox)

    assert outbox.statuses() == []


def test_a_channel_that_is_not_configured_marks_its_messages_dead_at_once(outbox: Outbox) -> None:
    _visit(outbox, child())
    _run_notifier(outbox)
    delivery = Delivery(outbox.url, {}, public_url="https://baxt.example.uz", max_attempts=8)
    with psycopg.connect(outbox.url) as conn:
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM notification WHERE channel <> 'IN_APP'"
            ).fetchall()
        ]

    outcomes = [delivery.deliver(notification_id) for notification_id in ids]

    assert outcomes == [Outcome.DEAD, Outcome.DEAD]
    assert [s for _, _, s, _ in outbox.statuses()] == ["DEAD", "DEAD"]


def test_dead_messages_are_listed_and_sent_again_once_their_channel_exists(
    outbox: Outbox,
) -> None:
    _visit(outbox, child())
    _run_notifier(outbox)
    ids = [m[0] for m in _unsent(outbox)]
    for notification_id in ids:
        Delivery(outbox.url, {}, public_url="https://x.uz", max_attempts=8).deliver(notification_id)
    dead = dead_messages(outbox.url)
    assert sorted(m.id for m in dead) == sorted(ids)
    assert all("no" in (m.last_error or "") for m in dead)

    assert retry_dead(outbox.url, ids[:1]) == ids[:1]
    assert sorted(s for _, _, s, _ in outbox.statuses()) == ["DEAD", "PENDING"]
    with sms_gateway() as (url, _), smtp_server() as (port, _):
        channels: dict[str, Channel] = {
            "EMAIL": SmtpChannel("127.0.0.1", port, "b@x.uz"),
            "SMS": HttpSmsChannel(url),
        }
        again = Delivery(outbox.url, channels, public_url="https://x.uz", max_attempts=8)
        assert again.deliver(ids[0]) is Outcome.SENT
    assert retry_dead(outbox.url, every=True) == ids[1:]
    assert dead_messages(outbox.url) == []


def _unsent(outbox: Outbox) -> list[tuple[UUID]]:
    with psycopg.connect(outbox.url) as conn:
        return conn.execute(
            "SELECT id FROM notification WHERE channel <> 'IN_APP' ORDER BY id"
        ).fetchall()


def test_three_missed_calls_tell_the_supervisor_and_three_unseen_visits_urgently(
    outbox: Outbox,
) -> None:
    unreachable = outbox.app.flag_child(
        child=child(),
        household=household(),
        source=FlagSource.RISK_SCREENING,
        indicators=[],
        note="",
        actor="aziza",
    ).case_id
    for _ in range(3):
        outbox.app.change_case(
            unreachable,
            lambda case: case.record_contact_attempt(
                outcome=ContactOutcome.NO_ANSWER,
                visit_scheduled_at=None,
                note="",
                actor="aziza",
                now=outbox.app.now(),
            ),
        )
    unseen = outbox.app.flag_child(
        child=child(),
        household=household(),
        source=FlagSource.MAHALLA_TEAM,
        indicators=[],
        note="",
        actor="aziza",
    ).case_id
    for _ in range(3):
        outbox.app.change_case(
            unseen,
            lambda case: case.record_visit(
                visit=Visit(hours_ago(1), False, False, "", False),
                actor="aziza",
                now=outbox.app.now(),
            ),
        )
    _run_notifier(outbox)

    with psycopg.connect(outbox.url) as conn:
        rows = conn.execute(
            "SELECT case_id, kind, urgent, channel FROM notification ORDER BY kind, channel"
        ).fetchall()
    assert rows == [
        (unseen, "CHILD_NOT_SEEN_POLICE", True, "EMAIL"),
        (unseen, "CHILD_NOT_SEEN_POLICE", True, "IN_APP"),
        (unseen, "CHILD_NOT_SEEN_POLICE", True, "SMS"),
        (unreachable, "FAMILY_UNREACHABLE", False, "EMAIL"),
        (unreachable, "FAMILY_UNREACHABLE", False, "IN_APP"),
        (unreachable, "FAMILY_UNREACHABLE", False, "SMS"),
    ]
