"""The worker's composition root: the services behind the actors, built on first use, and the
dispatchers that hand the outboxes to the broker (`baxt worker`, or in `baxt serve`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from functools import cached_property

import dramatiq

from baxt.application.cases.application import CaseApplication
from baxt.application.webhooks.backoff import RetryPolicy
from baxt.application.webhooks.delivery import WebhookSender
from baxt.application.webhooks.transport import PublicOnlyTransport
from baxt.bootstrap import audit, work
from baxt.bootstrap.common import Runtime, case_application, prepare
from baxt.config import Settings, load_settings
from baxt.domain.quarter import Quarter
from baxt.workers import services
from baxt.workers.channels import Channel, HttpSmsChannel, SmtpChannel
from baxt.workers.dispatcher import NOTIFICATIONS, WEBHOOK_DELIVERIES, Dispatcher
from baxt.workers.jobs import Job, enqueuer
from baxt.workers.notification_delivery import Delivery

_log = logging.getLogger(__name__)


def delivery(settings: Settings, database_url: str) -> Delivery:
    """Sends notifications through the channels the settings configure."""
    channels: dict[str, Channel] = {}
    if settings.smtp_host:
        channels["EMAIL"] = SmtpChannel(
            settings.smtp_host, settings.smtp_port, settings.smtp_sender
        )
    if settings.sms_gateway_url:
        token = (
            settings.sms_gateway_token.get_secret_value() if settings.sms_gateway_token else None
        )
        channels["SMS"] = HttpSmsChannel(settings.sms_gateway_url, token)
    return Delivery(
        database_url,
        channels,
        public_url=settings.public_url,
        max_attempts=settings.notification_max_attempts,
    )


def webhook_sender(settings: Settings, database_url: str) -> WebhookSender:
    """Sends webhook deliveries with the retry and timeout settings."""
    policy = RetryPolicy(
        base_seconds=settings.webhook_retry_base_seconds,
        max_seconds=settings.webhook_retry_max_seconds,
        max_attempts=settings.webhook_max_attempts,
    )
    transport = PublicOnlyTransport() if settings.production else None
    return WebhookSender(
        database_url, policy, timeout=settings.webhook_timeout_seconds, transport=transport
    )


class WorkerServices:
    """What one process's actors hand their work to, each part built on its first use."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @cached_property
    def delivery(self) -> Delivery:
        return delivery(self._runtime.settings, self._runtime.database_url)

    @cached_property
    def webhook_sender(self) -> WebhookSender:
        return webhook_sender(self._runtime.settings, self._runtime.database_url)

    @cached_property
    def _app(self) -> CaseApplication:
        return case_application(self._runtime)

    def plan_quarter(self, quarter: str) -> None:
        report = work.planner(self._runtime, self._app).plan(Quarter.parse(quarter))
        _log.info(
            "planned %s: %d open cases, %d visits planned, %d assigned, %d unassigned,"
            " %d reviews planned",
            report.quarter,
            report.open_cases,
            report.planned,
            report.assigned,
            report.unassigned,
            report.reviews_planned,
        )

    def remind_overdue(self, day: str) -> None:
        work.remind_all(self._runtime, self._app, date.fromisoformat(day))

    def take_checkpoint(self, minute: str) -> None:
        audit.take_checkpoint(self._runtime)

    def close(self) -> None:
        if "_app" in self.__dict__:
            self._app.close()
        if "delivery" in self.__dict__:
            self.delivery.close()


def from_environment() -> WorkerServices:
    """The services of a worker started as `dramatiq baxt.workers.actors`, from the settings."""
    return WorkerServices(prepare(load_settings()))


def dispatchers(runtime: Runtime, deliver: Job, deliver_webhook: Job) -> list[Dispatcher]:
    """The outbox's and the webhook deliveries' dispatchers, with the settings' timings."""
    settings = runtime.settings
    return [
        Dispatcher(
            runtime.database_url,
            enqueuer(deliver),
            outbox=NOTIFICATIONS,
            stale_after=timedelta(seconds=settings.outbox_stale_seconds),
            urgent_stale_after=timedelta(seconds=settings.urgent_stale_seconds),
            sweep_every=settings.outbox_sweep_seconds,
        ),
        Dispatcher(
            runtime.database_url,
            enqueuer(deliver_webhook),
            outbox=WEBHOOK_DELIVERIES,
            sweep_every=settings.outbox_sweep_seconds,
        ),
    ]


@contextmanager
def running_workers(runtime: Runtime, *, threads: int = 2) -> Iterator[dramatiq.Broker]:
    """Consumes every actor's queue and runs both dispatchers while the block runs; yields
    the process's broker."""
    from baxt.workers import actors  # builds and sets the broker from the settings

    built = WorkerServices(runtime)
    services.provide(lambda: built)
    consumer = dramatiq.Worker(actors.broker, worker_threads=threads)
    stop = threading.Event()
    dispatching = [
        threading.Thread(target=dispatcher.run, args=(stop,), daemon=True)
        for dispatcher in dispatchers(runtime, actors.deliver, actors.deliver_webhook)
    ]
    consumer.start()
    for thread in dispatching:
        thread.start()
    try:
        yield actors.broker
    finally:
        stop.set()
        for thread in dispatching:
            thread.join(timeout=5)
        consumer.stop()
        actors.broker.close()
        services.provide(None)
        built.close()
