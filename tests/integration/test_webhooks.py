"""A referral to a partner reaches its endpoint as a signed Standard Webhook, through the
delivery log, the dispatcher and the actor: retried on 5xx, 429 and timeouts, stopped by 410,
sent again by hand with the same webhook-id. The endpoint is a real HTTP server that verifies
each signature with the reference library; the worker runs in process, and once on RabbitMQ."""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

import dramatiq
import psycopg
import pytest
from dramatiq.brokers.stub import StubBroker

from baxt.application.cases.application import CaseApplication
from baxt.application.webhooks.backoff import RetryPolicy
from baxt.application.webhooks.delivery import WebhookSender
from baxt.application.webhooks.log import DeliveryLog, DeliveryRecord
from baxt.application.webhooks.registry import EndpointRegistry, WithSecret
from baxt.application.webhooks.scope import WebhookScope
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.referrals import ConsentPurpose
from baxt.domain.values import FlagSource, Need, NeedDomain, NeedLevel, PlanItem, Visit
from baxt.migrations import apply_migrations
from baxt.workers.dispatcher import WEBHOOK_DELIVERIES, Dispatcher
from baxt.workers.jobs import declare_webhook_actor, enqueuer
from baxt.workers.webhooks import webhook_follower
from tests.factories import child, hours_ago, household
from tests.integration.conftest import CASE_KEY
from tests.webhook_receiver import Answer, Receiver, webhook_receiver

ORG = "org.hayot"
ADMIN = WebhookScope(None)
POLICY = RetryPolicy(base_seconds=0.05, max_seconds=0.2, max_attempts=4)
SLOW_RETRIES = RetryPolicy(base_seconds=5.0, max_seconds=5.0, max_attempts=4)
"""Retries far enough off that a worker is stopped before its retry is due."""
SETTLED = ("DELIVERED", "FAILED", "DEAD")


@dataclass
class Partner:
    url: str
    app: CaseApplication
    registry: EndpointRegistry
    log: DeliveryLog

    def register(self, receiver: Receiver, organisation_id: str = ORG) -> WithSecret:
        made = self.registry.register(
            ADMIN, organisation_id=organisation_id, url=receiver.url, actor="admin"
        )
        receiver.secret = made.secret
        return made

    def refer(self, organisation_id: str = ORG) -> UUID:
        """A case referred to the organisation, with the guardian's consent to share with it."""
        case_id = self.app.flag_child(
            child=child(), household=household(), source=FlagSource.COMMUNITY_REPORT,
            indicators=[], note="", actor="aziza",
        ).case_id  # fmt: skip
        visit = Visit(hours_ago(1), True, True, "all well", False)
        self.app.change_case(
            case_id, lambda case: case.record_visit(visit=visit, actor="aziza", now=self.app.now())
        )
        self.app.change_case(
            case_id,
            lambda case: case.record_consultation(
                needs=[Need(NeedDomain.HEALTH, NeedLevel.HIGH)],
                plan=[PlanItem("check-up", "HEALTH", date.today() + timedelta(days=30))],
                note="",
                actor="aziza",
            ),
        )
        case: Case = self.app.repository.get(case_id)
        case.give_consent(
            organisation_id=organisation_id,
            purpose=ConsentPurpose.SHARE_WITH_PARTNER,
            actor="aziza",
        )
        self.app.save(case)
        self.app.change_case(
            case_id,
            lambda case: case.refer(
                service_category="HEALTH",
                provider="Hayot",
                reason="check-up",
                consent_given=True,
                actor="aziza",
                organisation_id=organisation_id,
            ),
        )
        return case_id

    def follow(self) -> list[DeliveryRecord]:
        """Lets the follower catch up; the deliveries it has written, newest first."""
        with webhook_follower(event_store_env(self.url)) as runner:
            runner.wait(self.app.recorder.max_notification_id(), timeout=60)
        return self.log.page()

    def wait_until_settled(self, seconds: float = 60) -> list[DeliveryRecord]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = self.log.page()
            if found and all(d.status in SETTLED for d in found):
                return found
            time.sleep(0.05)
        raise AssertionError(f"not settled in {seconds}s: {self.log.page()}")


@pytest.fixture
def partner(fresh_database_url: str) -> Iterator[Partner]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    registry = EndpointRegistry(fresh_database_url, production=False)
    yield Partner(fresh_database_url, app, registry, DeliveryLog(fresh_database_url))
    app.close()


@dataclass
class Workers:
    """The webhook actor on a broker with a worker, and the dispatcher sweeping in a thread."""

    worker: dramatiq.Worker
    stop: threading.Event
    sweeping: threading.Thread

    def kill(self) -> None:
        """Stops the worker and the sweep; what the broker held for them is lost with it."""
        _stop(self.worker, self.stop, self.sweeping)


@pytest.fixture
def workers(partner: Partner) -> Iterator[Callable[..., Workers]]:
    started: list[tuple[dramatiq.Worker, threading.Event, threading.Thread, WebhookSender]] = []

    def start(
        broker: dramatiq.Broker | None = None,
        queue: str = "webhooks_test",
        policy: RetryPolicy = POLICY,
    ) -> Workers:
        sender = WebhookSender(partner.url, policy, timeout=0.5)
        broker = broker or StubBroker()
        actor = declare_webhook_actor(broker, lambda: sender, queue_name=queue, min_backoff_ms=50)
        dispatcher = Dispatcher(
            partner.url, enqueuer(actor), outbox=WEBHOOK_DELIVERIES, stale_after=timedelta(0)
        )
        worker = dramatiq.Worker(broker, worker_threads=2, worker_timeout=50)
        stop = threading.Event()
        sweeping = threading.Thread(target=dispatcher.run, args=(stop, 0.1), daemon=True)
        worker.start()
        sweeping.start()
        started.append((worker, stop, sweeping, sender))
        return Workers(worker, stop, sweeping)

    yield start
    for worker, stop, sweeping, sender in started:
        _stop(worker, stop, sweeping)
        sender.close()


def _stop(worker: dramatiq.Worker, stop: threading.Event, sweeping: threading.Thread) -> None:
    stop.set()
    sweeping.join(timeout=5)
    worker.stop()


def _attempts(partner: Partner, delivery: DeliveryRecord) -> list[tuple[int | None, str]]:
    found = partner.log.attempts([delivery.id])[delivery.id]
    return [(a.http_status, a.outcome) for a in found]


def test_a_referral_reaches_the_partner_s_endpoint_signed_and_holding_ids_only(
    partner: Partner, workers: Callable[..., Workers]
) -> None:
    with webhook_receiver() as receiver:
        endpoint = partner.register(receiver).endpoint
        partner.refer()
        [queued] = partner.follow()
        workers()
        [delivery] = partner.wait_until_settled()

    assert (queued.id, queued.endpoint_id) == (delivery.id, endpoint.id)
    assert delivery.status == "DELIVERED"
    assert receiver.rejected == []
    assert receiver.posts == [str(delivery.id)]
    body = receiver.processed[str(delivery.id)]
    assert body["type"] == "referral.created"
    assert set(body["data"]) == {"organisationId", "referralId", "eventVersion"}
    assert body["data"]["organisationId"] == ORG
    assert "Madina" not in json.dumps(body)


def test_a_503_with_retry_after_then_200_is_delivered_on_the_second_attempt(
    partner: Partner, workers: Callable[..., Workers]
) -> None:
    with webhook_receiver(script=[Answer(503, {"Retry-After": "1"})]) as receiver:
        partner.register(receiver)
        partner.refer()
        partner.follow()
        workers()
        [delivery] = partner.wait_until_settled()

    assert (delivery.status, delivery.attempts) == ("DELIVERED", 2)
    assert _attempts(partner, delivery) == [(503, "RETRYING"), (200, "DELIVERED")]
    first = partner.log.attempts([delivery.id])[delivery.id][0]
    assert first.next_retry_at is not None
    assert first.next_retry_at - first.attempted_at >= timedelta(seconds=POLICY.max_seconds)
    assert list(receiver.processed) == [str(delivery.id)]


def test_a_timeout_and_a_429_are_tried_again(
    partner: Partner, workers: Callable[..., Workers]
) -> None:
    with webhook_receiver(script=[Answer(200, delay=3.0), Answer(429)]) as receiver:
        partner.register(receiver)
        partner.refer()
        partner.follow()
        workers()
        [delivery] = partner.wait_until_settled()

    assert _attempts(partner, delivery) == [
        (None, "RETRYING"),
        (429, "RETRYING"),
        (200, "DELIVERED"),
    ]
    assert partner.log.attempts([delivery.id])[delivery.id][0].error == "timed out"


def test_retries_that_run_out_leave_the_delivery_dead(
    partner: Partner, workers: Callable[..., Workers]
) -> None:
    with webhook_receiver(script=[Answer(500)] * POLICY.max_attempts) as receiver:
        partner.register(receiver)
        partner.refer()
        partner.follow()
        workers()
        [delivery] = partner.wait_until_settled()

    assert (delivery.status, delivery.attempts) == ("DEAD", POLICY.max_attempts)
    assert receiver.processed == {}


def test_a_client_error_fails_at_once(partner: Partner, workers: Callable[..., Workers]) -> None:
    with webhook_receiver(script=[Answer(400)]) as receiver:
        partner.register(receiver)
        partner.refer()
        partner.follow()
        workers()
        [delivery] = partner.wait_until_settled()

    assert _attempts(partner, delivery) == [(400, "FAILED")]


def test_gone_disables_the_endpoint_and_nothing_more_is_sent_to_it(
    partner: Partner, workers: Callable[..., Workers]
) -> None:
    with webhook_receiver(script=[Answer(410)]) as receiver:
        endpoint = partner.register(receiver).endpoint
        partner.refer()
        partner.follow()
        workers()
        [delivery] = partner.wait_until_settled()
        partner.refer()
        after = partner.follow()

    assert _attempts(partner, delivery) == [(410, "FAILED")]
    gone = partner.registry.get(ADMIN, endpoint.id)
    assert (gone.enabled, gone.disabled_reason) == (False, "the endpoint answered 410 Gone")
    assert [d.id for d in after] == [delivery.id]
    assert receiver.posts == [str(delivery.id)]


def test_a_replay_sends_the_same_webhook_id_and_the_receiver_drops_the_repeat(
    partner: Partner, workers: Callable[..., Workers]
) -> None:
    with webhook_receiver() as receiver:
        partner.register(receiver)
        partner.refer()
        partner.follow()
        workers()
        [delivery] = partner.wait_until_settled()
        assert partner.log.replay([delivery.id]) == [delivery.id]
        while len(receiver.posts) < 2:
            time.sleep(0.05)
        [again] = partner.wait_until_settled()

    assert receiver.posts == [str(delivery.id), str(delivery.id)]
    assert list(receiver.processed) == [str(delivery.id)]
    assert receiver.repeats[str(delivery.id)] == 1
    assert again.status == "DELIVERED"
    assert _attempts(partner, again) == [(200, "DELIVERED"), (200, "DELIVERED")]


def test_a_retry_whose_worker_died_is_sent_by_the_next_one(
    partner: Partner, workers: Callable[..., Workers]
) -> None:
    with webhook_receiver(script=[Answer(503, {"Retry-After": "5"})]) as receiver:
        partner.register(receiver)
        partner.refer()
        [delivery] = partner.follow()
        first = workers(policy=SLOW_RETRIES)
        while not partner.log.attempts([delivery.id])[delivery.id]:
            time.sleep(0.05)
        first.kill()
        assert partner.log.page()[0].status == "RETRYING"
        workers(policy=SLOW_RETRIES)
        [settled] = partner.wait_until_settled()

    assert _attempts(partner, settled) == [(503, "RETRYING"), (200, "DELIVERED")]
    assert list(receiver.processed) == [str(delivery.id)]


def test_following_the_events_again_makes_no_second_delivery(partner: Partner) -> None:
    with webhook_receiver() as receiver:
        partner.register(receiver)
        partner.refer()
        first = partner.follow()
        with psycopg.connect(partner.url) as conn:
            conn.execute("DELETE FROM webhooks_tracking")
        again = partner.follow()

    assert [d.id for d in again] == [d.id for d in first]


def test_an_endpoint_hears_only_its_organisation_and_the_types_it_chose(
    partner: Partner,
) -> None:
    with webhook_receiver() as mine, webhook_receiver() as other, webhook_receiver() as picky:
        endpoint = partner.register(mine).endpoint
        partner.register(other, organisation_id="org.other")
        partner.registry.register(
            ADMIN,
            organisation_id=ORG,
            url=picky.url,
            event_types=["referral.completed"],
            actor="admin",
        )
        partner.refer()
        found = partner.follow()

    assert [d.endpoint_id for d in found] == [endpoint.id]


def test_a_delivery_goes_through_rabbitmq(
    partner: Partner,
    workers: Callable[..., Workers],
    rabbitmq: tuple[dramatiq.Broker, str],
) -> None:
    broker, queue = rabbitmq
    with webhook_receiver(script=[Answer(502)]) as receiver:
        partner.register(receiver)
        partner.refer()
        partner.follow()
        workers(broker, f"{queue}_{secrets.token_hex(2)}")
        [delivery] = partner.wait_until_settled()

    assert _attempts(partner, delivery) == [(502, "RETRYING"), (200, "DELIVERED")]
    assert receiver.rejected == []
