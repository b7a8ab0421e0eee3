"""The kinds of broker Baxt runs on, each with the options it needs to lose no message."""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker

from baxt.config import Settings
from baxt.workers.tracing import TraceMessages

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
    """RabbitMQ for amqp://, Redis for redis://, and an in-process broker when unset, each
    carrying the sender's trace into its messages (see `TraceMessages`).

    RabbitMQ redelivers a message as soon as the connection of the worker that took it
    closes: messages are persistent, publishing is confirmed, and a worker acknowledges a
    message only once it has run. Redis has no such signal, so a worker that has sent no
    command for `redis_heartbeat_timeout` seconds is taken for dead and its messages requeued.
    """
    broker = _broker(url, redis_heartbeat_timeout)
    broker.add_middleware(TraceMessages())
    return broker


def _broker(url: str | None, redis_heartbeat_timeout: float) -> dramatiq.Broker:
    if url is None:
        return StubBroker()
    if url.startswith(("amqp://", "amqps://")):
        return RabbitmqBroker(url=url, confirm_delivery=True)
    return RedisBroker(  # type: ignore[no-untyped-call]
        url=url,
        heartbeat_timeout=round(redis_heartbeat_timeout * 1000),
        maintenance_chance=REDIS_MAINTENANCE_PER_MILLION,
    )


def broker_for(settings: Settings) -> dramatiq.Broker:
    """The broker BAXT_BROKER_URL names, with the settings' Redis heartbeat."""
    return make_broker(
        settings.broker_url, redis_heartbeat_timeout=settings.redis_heartbeat_timeout_seconds
    )
