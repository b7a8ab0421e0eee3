"""How each kind of job becomes an actor under its stable name, and how its messages are sent.

The actors take IDs only and hand the work to a service they are given, so the same
declaration serves the process's actors (`baxt.workers.actors`) and a test's own broker.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import dramatiq
from opentelemetry import trace

from baxt.application.webhooks.delivery import WebhookSender
from baxt.workers.notification_delivery import Delivery

NOTIFICATIONS_QUEUE = "notifications"
PLANNING_QUEUE = "planning"
WEBHOOKS_QUEUE = "webhooks"
DELIVER = "notifications.deliver"
PLAN_QUARTER = "planning.plan_quarter"
REMIND_OVERDUE = "planning.remind_overdue"
TAKE_CHECKPOINT = "audit.take_checkpoint"
DELIVER_WEBHOOK = "webhooks.deliver"
_tracer = trace.get_tracer(__name__)

Job = dramatiq.Actor[[str], None]
"""An actor that takes one ID or key."""


def declare_delivery_actor(
    broker: dramatiq.Broker,
    delivery: Callable[[], Delivery],
    *,
    queue_name: str = NOTIFICATIONS_QUEUE,
    min_backoff_ms: int = 1_000,
) -> Job:
    """The actor that sends one notification by its ID through `delivery`."""

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


def declare_webhook_actor(
    broker: dramatiq.Broker,
    sender: Callable[[], WebhookSender],
    *,
    queue_name: str = WEBHOOKS_QUEUE,
    min_backoff_ms: int = 1_000,
) -> Job:
    """The actor that sends one delivery by its ID, and schedules the retry it calls for."""

    def deliver(delivery_id: str) -> None:
        done = sender().deliver(UUID(delivery_id))
        if done.retry_in is not None:
            message = actor.message(delivery_id).copy(message_id=f"{delivery_id}:{done.attempts}")
            broker.enqueue(message, delay=max(1, round(done.retry_in * 1000)))

    actor: Job = dramatiq.Actor(
        deliver,
        broker=broker,
        actor_name=DELIVER_WEBHOOK,
        queue_name=queue_name,
        priority=0,
        options={"max_retries": 20, "min_backoff": min_backoff_ms, "max_backoff": 60_000},
    )
    return actor


def declare_scheduled_actor(
    broker: dramatiq.Broker,
    actor_name: str,
    work: Callable[[str], object],
    *,
    queue_name: str = PLANNING_QUEUE,
) -> Job:
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


def enqueuer(actor: Job) -> Callable[[UUID], None]:
    """Sends a message whose ID is the item's own (a notification's, a webhook delivery's), so
    the broker and the actor know a copy for what it is."""

    def enqueue(item_id: UUID) -> None:
        message = actor.message(str(item_id)).copy(message_id=str(item_id))
        actor.broker.enqueue(message)

    return enqueue


def scheduled_sender(actor: Job) -> Callable[[str], None]:
    """Sends the job for one key under a message ID named after it, inside a span of its own
    that the worker's run of the job continues."""

    def send(key: str) -> None:
        with _tracer.start_as_current_span(f"schedule {actor.actor_name}"):
            actor.broker.enqueue(actor.message(key).copy(message_id=f"{actor.actor_name}:{key}"))

    return send
