from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic
from psycopg import Cursor, sql

from baxt.application.audit.load import Silenced
from baxt.application.cases.application import CaseApplication
from baxt.application.dead_letters import OUTBOX_CHANNEL
from baxt.application.followers.runners import FollowerRunner, naming_failures
from baxt.application.storable import storable
from baxt.domain.case import Case
from baxt.domain.concern import ConcernReport
from baxt.domain.concern.events import ReportHandled
from baxt.domain.concern.values import REPORT_HANDLED
from baxt.domain.referrals import ReferralReminderLevel
from baxt.domain.values import EscalationLevel, OverdueLevel
from baxt.projections.dispatch import Dispatch, topics_of
from baxt.projections.live_notices import notify_recipients

_log = logging.getLogger(__name__)
URGENT_KINDS = frozenset({"SAFETY_CONCERN", "CHILD_NOT_SEEN_POLICE"})
ESCALATION_KINDS = {
    EscalationLevel.SUPERVISOR: "FAMILY_UNREACHABLE",
    EscalationLevel.POLICE_ASSISTANCE: "CHILD_NOT_SEEN_POLICE",
}

_SUPERVISORS = """
SELECT user_id, email, phone, language FROM staff
WHERE role = 'SUPERVISOR' AND region = %(region)s
  AND (district = %(district)s OR NOT EXISTS (
      SELECT 1 FROM staff WHERE role = 'SUPERVISOR' AND region = %(region)s
      AND district = %(district)s))
ORDER BY user_id
"""
_STAFF_MEMBER = "SELECT user_id, email, phone, language FROM staff WHERE user_id = %(user_id)s"
_INSERT = """
INSERT INTO notification (id, case_id, kind, urgent, recipient, channel, address, language,
                          status, created_at, updated_at, sent_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (id) DO NOTHING
"""


def notification_id(event: Any, kind: str, recipient: str, channel: str) -> UUID:
    """The same event, kind, recipient and channel always give the same message ID."""
    key = f"baxt:{event.originator_id}:{event.originator_version}:{kind}:{recipient}:{channel}"
    return uuid5(NAMESPACE_URL, key)


class NotifierView(PostgresTrackingRecorder):
    """The outbox and the notifier's copy of where each case is, with its tracking position."""

    def remember_place(self, event: Case.Flagged, tracking: Tracking) -> None:
        h = event.household
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                "INSERT INTO notifier_case_place VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (case_id) DO NOTHING",
                storable((event.originator_id, h.region, h.district, h.mahalla)),
            )
            self._insert_tracking(curs, tracking)

    def move_place(self, event: Case.TransferAccepted, tracking: Tracking) -> None:
        """Moves the case to the receiving district, and tells whoever asked for the move."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                "UPDATE notifier_case_place SET region = %s, district = %s, mahalla = %s"
                " WHERE case_id = %s",
                storable((event.region, event.district, event.mahalla, event.originator_id)),
            )
            curs.execute(_STAFF_MEMBER, {"user_id": storable(event.requested_by)})
            self._queue(curs, event, "TRANSFER_ACCEPTED", curs.fetchall())
            self._insert_tracking(curs, tracking)

    def notify_supervisors(self, event: Case.Event, kind: str, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as curs:
            self._queue(curs, event, kind, self._supervisors(curs, event))
            self._insert_tracking(curs, tracking)

    def notify_receiving_supervisors(
        self, event: Case.TransferRequested, kind: str, tracking: Tracking
    ) -> None:
        """Tells the supervisors of the district a transfer would move the case to."""
        with self.datastore.transaction(commit=True) as curs:
            place = storable((event.region, event.district))
            self._queue(curs, event, kind, self._supervisors_of(curs, *place))
            self._insert_tracking(curs, tracking)

    def notify_caseworker(
        self, event: Case.Event, kind: str, caseworker: str, tracking: Tracking
    ) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(_STAFF_MEMBER, {"user_id": storable(caseworker)})
            self._queue(curs, event, kind, curs.fetchall())
            self._insert_tracking(curs, tracking)

    def notify_reporter(self, event: ReportHandled, tracking: Tracking) -> None:
        """Tells the reporter of concern who may be told that their report was handled."""
        with self.datastore.transaction(commit=True) as curs:
            address = event.notice_address
            channel = "EMAIL" if "@" in address else "SMS"
            reporter = {
                "user_id": f"reporter:{event.originator_id}",
                "email": address if channel == "EMAIL" else None,
                "phone": address if channel == "SMS" else None,
                "language": event.notice_language.value,
            }
            self._queue(curs, event, REPORT_HANDLED, [storable(reporter)], in_app=False)
            self._insert_tracking(curs, tracking)

    def _supervisors(self, curs: Cursor[Any], event: Case.Event) -> list[Any]:
        curs.execute(
            "SELECT region, district FROM notifier_case_place WHERE case_id = %s",
            (event.originator_id,),
        )
        place = curs.fetchone()
        if place is None:
            _log.warning("case %s has no known place; nobody to notify", event.originator_id)
            return []
        return self._supervisors_of(curs, place["region"], place["district"])

    def _supervisors_of(self, curs: Cursor[Any], region: str, district: str) -> list[Any]:
        curs.execute(_SUPERVISORS, {"region": region, "district": district})
        supervisors = curs.fetchall()
        if not supervisors:
            _log.warning("no supervisor covers %s / %s", region, district)
        return supervisors

    def _queue(
        self,
        curs: Cursor[Any],
        event: Case.Event | ReportHandled,
        kind: str,
        recipients: list[Any],
        *,
        in_app: bool = True,
    ) -> None:
        """One message a recipient and channel; the in-app copy (for staff, `in_app`) is in
        their feed at once."""
        at = event.timestamp
        rows = [
            (notification_id(event, kind, r["user_id"], channel), event.originator_id, kind,
             kind in URGENT_KINDS, r["user_id"], channel, address, r["language"],
             "SENT" if channel == "IN_APP" else "PENDING", at, at,
             at if channel == "IN_APP" else None)
            for r in recipients
            for channel, address in (
                ("EMAIL", r["email"]), ("SMS", r["phone"]),
                ("IN_APP", r["user_id"] if in_app else None),
            )
            if address
        ]  # fmt: skip
        curs.executemany(_INSERT, rows)
        notify_recipients(curs, (row[4] for row in rows if row[5] == "IN_APP"))
        if any(row[5] != "IN_APP" for row in rows):
            curs.execute(f"NOTIFY {OUTBOX_CHANNEL}")


def _flagged(view: NotifierView, event: Case.Flagged, tracking: Tracking) -> None:
    view.remember_place(event, tracking)


def _transfer_accepted(
    view: NotifierView, event: Case.TransferAccepted, tracking: Tracking
) -> None:
    view.move_place(event, tracking)


def _transfer_requested(
    view: NotifierView, event: Case.TransferRequested, tracking: Tracking
) -> None:
    view.notify_receiving_supervisors(event, "TRANSFER_REQUESTED", tracking)


def _transfer_declined(
    view: NotifierView, event: Case.TransferDeclined, tracking: Tracking
) -> None:
    view.notify_caseworker(event, "TRANSFER_DECLINED", event.requested_by, tracking)


def _visited(view: NotifierView, event: Case.Visited, tracking: Tracking) -> None:
    if event.visit.safety_concern:
        view.notify_supervisors(event, "SAFETY_CONCERN", tracking)
    else:
        view.insert_tracking(tracking)


def _escalated(view: NotifierView, event: Case.Escalated, tracking: Tracking) -> None:
    view.notify_supervisors(event, ESCALATION_KINDS[event.level], tracking)


def _visit_overdue(view: NotifierView, event: Case.VisitOverdue, tracking: Tracking) -> None:
    if event.level is OverdueLevel.CASEWORKER and event.caseworker is not None:
        view.notify_caseworker(event, "VISIT_OVERDUE", event.caseworker, tracking)
    else:
        view.notify_supervisors(event, "VISIT_OVERDUE", tracking)


def _review_overdue(view: NotifierView, event: Case.ReviewOverdue, tracking: Tracking) -> None:
    if event.level is OverdueLevel.CASEWORKER and event.caseworker is not None:
        view.notify_caseworker(event, "REVIEW_OVERDUE", event.caseworker, tracking)
    else:
        view.notify_supervisors(event, "REVIEW_OVERDUE", tracking)


def _referral_declined(
    view: NotifierView, event: Case.ReferralDeclined, tracking: Tracking
) -> None:
    if event.caseworker is not None:
        view.notify_caseworker(event, "REFERRAL_DECLINED", event.caseworker, tracking)
    else:
        view.notify_supervisors(event, "REFERRAL_DECLINED", tracking)


def _referral_reminded(
    view: NotifierView, event: Case.ReferralReminded, tracking: Tracking
) -> None:
    if event.level is ReferralReminderLevel.SUPERVISOR:
        view.notify_supervisors(event, "REFERRAL_UNANSWERED", tracking)
    else:
        view.insert_tracking(tracking)


def _closure_requested(
    view: NotifierView, event: Case.ClosureRequested, tracking: Tracking
) -> None:
    view.notify_supervisors(event, "CLOSURE_REQUESTED", tracking)


def _closure_decided(
    view: NotifierView, event: Case.ClosureApproved | Case.ClosureRejected, tracking: Tracking
) -> None:
    kind = "CLOSURE_APPROVED" if isinstance(event, Case.ClosureApproved) else "CLOSURE_REJECTED"
    view.notify_caseworker(event, kind, event.requested_by, tracking)


def _approval_requested(view: NotifierView, event: Case.Event, tracking: Tracking) -> None:
    view.notify_supervisors(event, "APPROVAL_REQUESTED", tracking)


def _request_decided(view: NotifierView, event: Any, tracking: Tracking) -> None:
    approved = isinstance(event, (Case.WorkPlanRevisionApproved, Case.TransferApprovalGranted))
    kind = "REQUEST_APPROVED" if approved else "REQUEST_REJECTED"
    view.notify_caseworker(event, kind, event.requested_by, tracking)


def _report_handled(view: NotifierView, event: ReportHandled, tracking: Tracking) -> None:
    if event.notice_address:
        view.notify_reporter(event, tracking)
    else:
        view.insert_tracking(tracking)


Handler = Callable[[NotifierView, Any, Tracking], None]

NOTIFIER_EVENTS: Dispatch[Handler] = Dispatch(
    "notifier",
    handlers={
        Case.Flagged: _flagged,
        # The receiving district's supervisors are asked; whoever asked hears their decision,
        # and once accepted, the receiving district's supervisors hear of the case from now on.
        Case.TransferRequested: _transfer_requested,
        Case.TransferAccepted: _transfer_accepted,
        Case.TransferDeclined: _transfer_declined,
        Case.Visited: _visited,
        Case.Escalated: _escalated,
        Case.VisitOverdue: _visit_overdue,
        Case.ReviewOverdue: _review_overdue,
        Case.ReferralDeclined: _referral_declined,
        Case.ReferralReminded: _referral_reminded,
        Case.ClosureRequested: _closure_requested,
        Case.ClosureApproved: _closure_decided,
        Case.ClosureRejected: _closure_decided,
        # A work plan revision or a transfer waiting for a supervisor, and its decision.
        Case.WorkPlanRevisionRequested: _approval_requested,
        Case.TransferApprovalRequested: _approval_requested,
        Case.WorkPlanRevisionApproved: _request_decided,
        Case.WorkPlanRevisionRejected: _request_decided,
        Case.TransferApprovalGranted: _request_decided,
        Case.TransferApprovalRejected: _request_decided,
        # The reporter of concern who may be told hears that their report was handled.
        ConcernReport.ReportLinkedToCase: _report_handled,
        ConcernReport.ReportClosed: _report_handled,
    },
    ignored=frozenset(
        {
            Case.FlagAdded,
            Case.ContactAttempted,
            Case.Consulted,
            Case.Referred,
            Case.ReferralAccepted,
            Case.ReferralProgressRecorded,
            Case.ReferralCompleted,
            Case.ReferralCancelled,
            Case.ConsentGiven,
            Case.ConsentRevoked,
            Case.Closed,
            Case.Assigned,
            Case.VisitPlanned,
            Case.ChildDataErased,
            Case.Reopened,
            # A correction moves a family only inside its district, where supervisors are found.
            Case.ChildCorrected,
            Case.HouseholdCorrected,
            # A withdrawn request leaves the supervisors' queue; there is nothing to decide.
            Case.ClosureWithdrawn,
            Case.WorkPlanRevisionWithdrawn,
            Case.TransferApprovalWithdrawn,
            # A plan revision is the caseworker's own work; nobody else needs telling.
            Case.WorkPlanRevised,
            # A review is the caseworker's own work too; the planner's plan of one is told
            # only if it falls overdue.
            Case.ReviewRecorded,
            Case.ReviewPlanned,
            Case.LinkedToHousehold,
            Case.MergedInto,
            Case.CaseMerged,
            Case.NotDuplicateMarked,
            # A linked report is the case's history; its reporter hears of it from the report.
            Case.CaseConferenceDecisionRecorded,
            Case.ConcernReportLinked,
            ConcernReport.ReportReceived,
        }
    ),
)
"""What the notifier does with each case event it follows; who hears of it is decided there."""


class Notifier(Projection[NotifierView]):
    """Turns case events that someone must hear about into messages in the outbox."""

    name = "notifier"
    topics = topics_of(NOTIFIER_EVENTS)

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        handler = NOTIFIER_EVENTS.handler(domain_event)
        if handler is None:
            self.view.insert_tracking(tracking)
        else:
            handler(self.view, domain_event, tracking)


def notifier_runner(env: dict[str, str]) -> ProjectionRunner[CaseApplication, NotifierView]:
    """The notifier as a tracked subscription: it resumes from its tracked position; a failure
    notes the event it failed on."""
    return FollowerRunner(
        application_class=CaseApplication,
        projection_class=naming_failures(Notifier),
        view_class=NotifierView,
        env=env,
    )


# Loading a history marks the notifier as having seen it, and fills in what it would have
# remembered from the loaded Flagged events: where each case is.
_NOTIFIER_PLACES = sql.SQL(
    "INSERT INTO notifier_case_place (case_id, region, district, mahalla)"
    " SELECT originator_id, h ->> 'region', h ->> 'district', h ->> 'mahalla' FROM ("
    "  SELECT originator_id, convert_from(state, 'UTF8')::json -> 'household' -> '_data_' AS h"
    "  FROM {events} WHERE topic = %(topic)s) AS flagged"
    " ON CONFLICT (case_id) DO NOTHING"
)
# … and where the latest accepted transfer of a case moved it.
_NOTIFIER_MOVES = sql.SQL(
    "UPDATE notifier_case_place AS p SET region = m.region, district = m.district,"
    " mahalla = m.mahalla FROM ("
    "  SELECT DISTINCT ON (originator_id) originator_id, s ->> 'region' AS region,"
    "   s ->> 'district' AS district, s ->> 'mahalla' AS mahalla FROM ("
    "   SELECT originator_id, originator_version, convert_from(state, 'UTF8')::json AS s"
    "   FROM {events} WHERE topic = %(topic)s) AS accepted"
    "  ORDER BY originator_id, originator_version DESC) AS m"
    " WHERE p.case_id = m.originator_id"
)
SILENCE_ON_LOAD = (
    Silenced(
        Notifier.name,
        [
            (_NOTIFIER_PLACES, {"topic": get_topic(Case.Flagged)}),
            (_NOTIFIER_MOVES, {"topic": get_topic(Case.TransferAccepted)}),
        ],
    ),
)
