from __future__ import annotations

import logging
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic
from psycopg import Cursor, sql

from baxt.application.audit.load import Silenced
from baxt.application.cases.application import CaseApplication
from baxt.application.followers.runners import FollowerRunner, naming_failures
from baxt.application.storable import storable
from baxt.domain.case import Case
from baxt.domain.referrals import ReferralReminderLevel
from baxt.domain.values import EscalationLevel, OverdueLevel
from baxt.workers.dispatcher import OUTBOX_CHANNEL

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

    def notify_supervisors(self, event: Case.Event, kind: str, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as curs:
            self._queue(curs, event, kind, self._supervisors(curs, event))
            self._insert_tracking(curs, tracking)

    def notify_caseworker(
        self, event: Case.Event, kind: str, caseworker: str, tracking: Tracking
    ) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(_STAFF_MEMBER, {"user_id": storable(caseworker)})
            self._queue(curs, event, kind, curs.fetchall())
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
        curs.execute(_SUPERVISORS, {"region": place["region"], "district": place["district"]})
        supervisors = curs.fetchall()
        if not supervisors:
            _log.warning("no supervisor covers %s / %s", place["region"], place["district"])
        return supervisors

    def _queue(
        self, curs: Cursor[Any], event: Case.Event, kind: str, recipients: list[Any]
    ) -> None:
        """One message a recipient and channel; the in-app copy is in their feed at once."""
        at = event.timestamp
        rows = [
            (notification_id(event, kind, r["user_id"], channel), event.originator_id, kind,
             kind in URGENT_KINDS, r["user_id"], channel, address, r["language"],
             "SENT" if channel == "IN_APP" else "PENDING", at, at,
             at if channel == "IN_APP" else None)
            for r in recipients
            for channel, address in (
                ("EMAIL", r["email"]), ("SMS", r["phone"]), ("IN_APP", r["user_id"])
            )
            if address
        ]  # fmt: skip
        curs.executemany(_INSERT, rows)
        if any(row[5] != "IN_APP" for row in rows):
            curs.execute(f"NOTIFY {OUTBOX_CHANNEL}")


class Notifier(Projection[NotifierView]):
    """Turns case events that someone must hear about into messages in the outbox."""

    name = "notifier"
    topics = tuple(
        get_topic(c)
        for c in (
            Case.Flagged,
            Case.Visited,
            Case.Escalated,
            Case.VisitOverdue,
            Case.ReferralDeclined,
            Case.ReferralReminded,
        )
    )

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        if isinstance(domain_event, Case.Flagged):
            self.view.remember_place(domain_event, tracking)
        elif isinstance(domain_event, Case.Visited) and domain_event.visit.safety_concern:
            self.view.notify_supervisors(domain_event, "SAFETY_CONCERN", tracking)
        elif isinstance(domain_event, Case.Escalated):
            self.view.notify_supervisors(
                domain_event, ESCALATION_KINDS[domain_event.level], tracking
            )
        elif isinstance(domain_event, Case.VisitOverdue):
            self._visit_overdue(domain_event, tracking)
        elif isinstance(domain_event, Case.ReferralDeclined):
            self._to_caseworker_or_supervisors(
                domain_event, "REFERRAL_DECLINED", domain_event.caseworker, tracking
            )
        elif (
            isinstance(domain_event, Case.ReferralReminded)
            and domain_event.level is ReferralReminderLevel.SUPERVISOR
        ):
            self.view.notify_supervisors(domain_event, "REFERRAL_UNANSWERED", tracking)
        else:
            self.view.insert_tracking(tracking)

    def _to_caseworker_or_supervisors(
        self, event: Case.Event, kind: str, caseworker: str | None, tracking: Tracking
    ) -> None:
        if caseworker is not None:
            self.view.notify_caseworker(event, kind, caseworker, tracking)
        else:
            self.view.notify_supervisors(event, kind, tracking)

    def _visit_overdue(self, event: Case.VisitOverdue, tracking: Tracking) -> None:
        if event.level is OverdueLevel.CASEWORKER and event.caseworker is not None:
            self.view.notify_caseworker(event, "VISIT_OVERDUE", event.caseworker, tracking)
        else:
            self.view.notify_supervisors(event, "VISIT_OVERDUE", tracking)


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
SILENCE_ON_LOAD = (
    Silenced(Notifier.name, [(_NOTIFIER_PLACES, {"topic": get_topic(Case.Flagged)})]),
)
