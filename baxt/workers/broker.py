"""The broker, built and set in one place, before any actor is declared."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker

from baxt.workers.delivery import Delivery

NOTIFICATIONS_QUEUE = "notifications"
PLANNING_QUEUE = "planning"
DELIVER = "notifications.deliver"
PLAN_QUARTER = "planning.plan_quarter"
REMIND_OVERDUE = "planning.remind_overdue"
TAKE_CHECKPOINT = "audit.take_checkpoint"
WEBHOOKS_QUEUE = "webhooks"
DELIVER_WEBHOOK = "webhooks.deliver"


# Dramatiq's Redis broker gives a dead worker's unacknowledged messages back to their queue
# only in "maintenance", which a random share of the commands on that queue runs, and only
# once the worker has sent no command for `heartbeat_timeout`. At its defaults (one command in
# a thousand, 60 s) an idle worker polling about once a second finds a dead peer's messages
# after a quarter of an hour on average; one command in ten finds them within seconds (not every
# command: each maintenance scans the keyspace once for every dead worker). A live worker's
# consumers poll every second or so even when its threads are all busy, so a timeout of several
# seconds never mistakes a slow delivery for a dead worker.
REDIS_MAINTENANCE_PER_MILLION = 100_000


def make_broker(url: str | None, *, redis_heartbeat_timeout: float = 10.0) -> dramatiq.Broker:
    """RabbitMQ for amqp://, Redis for redis://, and an in-process broker when unset.

    RabbitMQ redelivers a message as soon as the connection of the worker that took it
    closes: messages are persistent, publishing is confirmed, and a worker acknowledges a
    message only once it has run. Redis has no such signal, so a worker that has sent no
    command for `redis_heartbeat_timeout` seconds is taken for dead and its messages requeued.
    """
    if url is None:
        return StubBroker()
    if url.startswith(("amqp://", "amqps://")):
        return RabbitmqBroker(url=url, confirm_delivery=True)
    return RedisBroker(  # type: ignore[no-untyped-call]
        url=url,
        heartbeat_timeout=round(redis_heartbeat_timeout * 1000),
        maintenance_chance=REDIS_MAINTENANCE_PER_MILLION,
    )


def declare_actors(
    broker: dramatiq.Broker,
    delivery: Callable[[], Delivery],
    *,
    queue_name: str = NOTIFICATIONS_QUEUE,
    min_backoff_ms: int = 1_000,
) -> dramatiq.Actor[[str], None]:
    """Declares the actors on `broker`; they take IDs only and hand the work to `delivery`."""

    def deliver(notification_id: str) -> None:
        delivery().deliver(UUID(notification_id))

    return dramatiq.Actor(
        deliver,
        broker=broker,
        actor_name=DELIVER,
        queue_name=queue_name,
        priority=0,
        options={"max_retries": 50, "min_backoff": min_backoff_ms, "max_backoff": 300_000},
    )


def enqueuer(actor: dramatiq.Actor[[str], None]) -> Callable[[UUID], None]:
    """Sends a delivery message whose ID is the notification's own."""

    def enqueue(notification_id: UUID) -> None:
        message = actor.message(str(notification_id)).copy(message_id=str(notification_id))
        actor.broker.enqueue(message)

    return enqueue


def declare_scheduled_actor(
    broker: dramatiq.Broker,
    actor_name: str,
    work: Callable[[str], object],
    *,
    queue_name: str = PLANNING_QUEUE,
) -> dramatiq.Actor[[str], None]:
    """A cron job as an actor: it takes one key (a quarter, a day) and must be idempotent."""

    def run(key: str) -> None:
        work(key)

    run.__name__ = actor_name.replace(".", "_")
    return dramatiq.Actor(
        run,
        broker=broker,
        actor_name=actor_name,
        queue_name=queue_name,
        priority=0,
        options={"max_retries": 5, "time_limit": 3_600_000},
    )


def scheduled_sender(actor: dramatiq.Actor[[str], None]) -> Callable[[str], None]:
    """Sends the job for one key under a message ID named after it."""

    def send(key: str) -> None:
        actor.broker.enqueue(actor.message(key).copy(message_id=f"{actor.actor_name}:{key}"))

    return send
