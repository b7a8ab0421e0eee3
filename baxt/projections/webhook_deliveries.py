"""Webhooks to partners: the tracked follower that fills the delivery log from case events.

The dispatcher hands the due deliveries to the broker (`dispatcher.WEBHOOK_DELIVERIES`), and
the `webhooks.deliver` actor sends them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner

from baxt.application.audit.load import Silenced
from baxt.application.cases.application import CaseApplication
from baxt.application.dead_letters import OUTBOX_CHANNEL
from baxt.application.followers.runners import FollowerRunner, naming_failures
from baxt.application.storable import storable
from baxt.application.webhooks.notices import EVENT_TYPES, PartnerNotice, partner_notice
from baxt.domain.case import Case
from baxt.projections.dispatch import Dispatch, topics_of

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


def _notify_partner(view: WebhookFollowerView, event: Case.Event, tracking: Tracking) -> None:
    notice = partner_notice(event)
    if notice is None:
        view.insert_tracking(tracking)
    else:
        view.queue(notice, tracking)


Handler = Callable[[WebhookFollowerView, Any, Tracking], None]

WEBHOOK_EVENTS: Dispatch[Handler] = Dispatch(
    "webhooks",
    handlers=dict.fromkeys((getattr(Case, name) for name in EVENT_TYPES), _notify_partner),
    ignored=frozenset(
        {
            Case.Flagged,
            Case.FlagAdded,
            Case.ContactAttempted,
            Case.Visited,
            Case.Consulted,
            Case.ConsentGiven,
            Case.Closed,
            Case.Assigned,
            Case.VisitPlanned,
            Case.VisitOverdue,
            Case.Escalated,
            Case.ChildDataErased,
            Case.Reopened,
            Case.ChildCorrected,
            Case.HouseholdCorrected,
            Case.ClosureRequested,
            Case.ClosureApproved,
            Case.ClosureRejected,
            Case.ClosureWithdrawn,
            Case.WorkPlanRevised,
            Case.ReviewRecorded,
            Case.ReviewOverdue,
            Case.ReviewPlanned,
            Case.LinkedToHousehold,
            Case.MergedInto,
            Case.CaseMerged,
            Case.NotDuplicateMarked,
            Case.TransferRequested,
            Case.TransferAccepted,
            Case.TransferDeclined,
            Case.WorkPlanRevisionRequested,
            Case.WorkPlanRevisionApproved,
            Case.WorkPlanRevisionRejected,
            Case.WorkPlanRevisionWithdrawn,
            Case.TransferApprovalRequested,
            Case.TransferApprovalGranted,
            Case.TransferApprovalRejected,
            Case.TransferApprovalWithdrawn,
            Case.CaseConferenceDecisionRecorded,
            Case.ConcernReportLinked,
        }
    ),
)
"""Every event a partner hears of (`EVENT_TYPES`) goes to its organisation's endpoints."""


class WebhookFollower(Projection[WebhookFollowerView]):
    """Turns the case events partners hear of into deliveries to their endpoints."""

    name = "webhooks"
    topics = topics_of(WEBHOOK_EVENTS)

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        handler = WEBHOOK_EVENTS.handler(domain_event)
        if handler is None:
            self.view.insert_tracking(tracking)
        else:
            handler(self.view, domain_event, tracking)


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
