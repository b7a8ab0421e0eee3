"""Webhooks to partners: the tracked follower that fills the delivery log from case events,
the dispatcher that hands due deliveries to the broker, and the actor that sends them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

import dramatiq
from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic

from baxt.application.audit.load import Silenced
from baxt.application.cases import CaseApplication
from baxt.application.followers.runners import FollowerRunner, naming_failures
from baxt.application.storable import storable
from baxt.application.webhooks.delivery import WebhookSender
from baxt.application.webhooks.notices import EVENT_TYPES, PartnerNotice, partner_notice
from baxt.domain.case import Case
from baxt.workers.broker import DELIVER_WEBHOOK, WEBHOOKS_QUEUE
from baxt.workers.dispatcher import OUTBOX_CHANNEL, Dispatcher

_ENDPOINTS = """
SELECT id FROM webhook_endpoint
WHERE organisation_id = %s AND enabled AND (event_types IS NULL OR %s = ANY(event_types))
"""
_INSERT = """
INSERT INTO webhook_delivery (id, endpoint_id, organisation_id, event_type, case_id, referral_id,
                              event_version, payload, next_attempt_at, created_at, updated_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, now(), now(), now())
ON CONFLICT (id) DO NOTHING
"""
_DUE = """
UPDATE webhook_delivery SET enqueued_at = now()
WHERE id IN (
    SELECT id FROM webhook_delivery
    WHERE status IN ('PENDING', 'RETRYING') AND next_attempt_at <= now()
      AND (enqueued_at IS NULL OR enqueued_at < now() - %(stale)s)
    ORDER BY next_attempt_at LIMIT %(limit)s FOR UPDATE SKIP LOCKED)
RETURNING id
"""


class WebhookFollowerView(PostgresTrackingRecorder):
    """The delivery log's new rows, written with the follower's tracking position."""

    def queue(self, notice: PartnerNotice, tracking: Tracking) -> None:
        """One delivery for each enabled endpoint of the organisation that hears of the event.

        Its texts are written `storable`, as the case_summary projection writes them.
        """
        notice = storable(notice)
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(_ENDPOINTS, (notice.organisation_id, notice.event_type))
            rows = [_delivery_row(notice, row["id"]) for row in curs.fetchall()]
            curs.executemany(_INSERT, rows)
            if rows:
                curs.execute(f"NOTIFY {OUTBOX_CHANNEL}")
            self._insert_tracking(curs, tracking)


def _delivery_row(notice: PartnerNotice, endpoint_id: UUID) -> tuple[Any, ...]:
    return (
        notice.delivery_id(endpoint_id),
        endpoint_id,
        notice.organisation_id,
        notice.event_type,
        notice.case_id,
        notice.referral_id,
        notice.version,
        notice.payload(),
    )


class WebhookFollower(Projection[WebhookFollowerView]):
    """Turns the case events partners hear of into deliveries to their endpoints."""

    name = "webhooks"
    topics = tuple(get_topic(getattr(Case, name)) for name in EVENT_TYPES if hasattr(Case, name))

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        notice = partner_notice(domain_event)
        if notice is None:
            self.view.insert_tracking(tracking)
        else:
            self.view.queue(notice, tracking)


def webhook_follower(env: dict[str, str]) -> ProjectionRunner[CaseApplication, WebhookFollowerView]:
    """The follower as a tracked subscription: it resumes from its tracked position; a failure
    notes the event it failed on."""
    return FollowerRunner(
        application_class=CaseApplication,
        projection_class=naming_failures(WebhookFollower),
        view_class=WebhookFollowerView,
        env=env,
    )


SILENCE_ON_LOAD = (Silenced(WebhookFollower.name),)
"""Loading an exported history sends partners nothing: the follower counts it as seen."""


class WebhookDispatcher(Dispatcher):
    """Hands due webhook deliveries to the broker: new ones, replayed ones, and retries whose
    delayed message a broker lost. It wakes with the outbox and sweeps like it."""

    _claim_sql = _DUE
    _release_sql = "UPDATE webhook_delivery SET enqueued_at = NULL WHERE id = ANY(%s)"

    def __init__(
        self,
        conninfo: str,
        enqueue: Callable[[UUID], None],
        *,
        stale_after: timedelta = timedelta(minutes=2),
        sweep_every: float = 5.0,
        batch: int = 500,
    ) -> None:
        super().__init__(
            conninfo, enqueue, stale_after=stale_after, sweep_every=sweep_every, batch=batch
        )

    def _claim_params(self) -> dict[str, Any]:
        return {"stale": self._stale_after, "limit": self._batch}


def declare_webhook_actor(
    broker: dramatiq.Broker,
    sender: Callable[[], WebhookSender],
    *,
    queue_name: str = WEBHOOKS_QUEUE,
    min_backoff_ms: int = 1_000,
) -> dramatiq.Actor[[str], None]:
    """The actor that sends one delivery by its ID, and schedules the retry it calls for."""

    def deliver(delivery_id: str) -> None:
        done = sender().deliver(UUID(delivery_id))
        if done.retry_in is not None:
            message = actor.message(delivery_id).copy(message_id=f"{delivery_id}:{done.attempts}")
            broker.enqueue(message, delay=max(1, round(done.retry_in * 1000)))

    actor: dramatiq.Actor[[str], None] = dramatiq.Actor(
        deliver,
        broker=broker,
        actor_name=DELIVER_WEBHOOK,
        queue_name=queue_name,
        priority=0,
        options={"max_retries": 20, "min_backoff": min_backoff_ms, "max_backoff": 60_000},
    )
    return actor


def webhook_enqueuer(actor: dramatiq.Actor[[str], None]) -> Callable[[UUID], None]:
    """Sends a message whose ID is the delivery's own (the webhook-id)."""

    def enqueue(delivery_id: UUID) -> None:
        message = actor.message(str(delivery_id)).copy(message_id=str(delivery_id))
        actor.broker.enqueue(message)

    return enqueue
