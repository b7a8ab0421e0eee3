"""Webhooks to partners: the tracked follower that fills the delivery log from case events.

The dispatcher hands the due deliveries to the broker (`dispatcher.WEBHOOK_DELIVERIES`), and
the `webhooks.deliver` actor sends them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic

from baxt.application.audit.load import Silenced
from baxt.application.cases.application import CaseApplication
from baxt.application.followers.runners import FollowerRunner, naming_failures
from baxt.application.storable import storable
from baxt.application.webhooks.notices import EVENT_TYPES, PartnerNotice, partner_notice
from baxt.domain.case import Case
from baxt.workers.dispatcher import OUTBOX_CHANNEL

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
