from __future__ import annotations

import logging
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic
from psycopg import Cursor

from baxt.application.cases import CaseApplication
from baxt.domain.case import Case
from baxt.domain.values import EscalationLevel
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
_INSERT = """
INSERT INTO notification (id, case_id, kind, urgent, recipient, channel, address, language,
                          created_at, updated_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
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
                (event.originator_id, h.region, h.district, h.mahalla),
            )
            self._insert_tracking(curs, tracking)

    def notify_supervisors(self, event: Case.Event, kind: str, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as curs:
            created = self._queue_for_supervisors(curs, event, kind)
            if created:
                curs.execute(f"NOTIFY {OUTBOX_CHANNEL}")
            self._insert_tracking(curs, tracking)

    def _queue_for_supervisors(self, curs: Cursor[Any], event: Case.Event, kind: str) -> int:
        curs.execute(
            "SELECT region, district FROM notifier_case_place WHERE case_id = %s",
            (event.originator_id,),
        )
        place = curs.fetchone()
        if place is None:
            _log.warning("case %s has no known place; nobody to notify", event.originator_id)
            return 0
        curs.execute(_SUPERVISORS, {"region": place["region"], "district": place["district"]})
        supervisors = curs.fetchall()
        if not supervisors:
            _log.warning("no supervisor covers %s / %s", place["region"], place["district"])
        rows = [
            (notification_id(event, kind, s["user_id"], channel), event.originator_id, kind,
             kind in URGENT_KINDS, s["user_id"], channel, address, s["language"],
             event.timestamp, event.timestamp)
            for s in supervisors
            for channel, address in (("EMAIL", s["email"]), ("SMS", s["phone"]))
            if address
        ]  # fmt: skip
        curs.executemany(_INSERT, rows)
        return len(rows)


class Notifier(Projection[NotifierView]):
    """Turns case events that someone must hear about into messages in the outbox."""

    name = "notifier"
    topics = tuple(get_topic(c) for c in (Case.Flagged, Case.Visited, Case.Escalated))

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        if isinstance(domain_event, Case.Flagged):
            self.view.remember_place(domain_event, tracking)
        elif isinstance(domain_event, Case.Visited) and domain_event.visit.safety_concern:
            self.view.notify_supervisors(domain_event, "SAFETY_CONCERN", tracking)
        elif isinstance(domain_event, Case.Escalated):
            self.view.notify_supervisors(
                domain_event, ESCALATION_KINDS[domain_event.level], tracking
            )
        else:
            self.view.insert_tracking(tracking)


def notifier_runner(env: dict[str, str]) -> ProjectionRunner[CaseApplication, NotifierView]:
    """The notifier as a tracked subscription: it resumes from its tracked position."""
    return ProjectionRunner(
        application_class=CaseApplication,
        projection_class=Notifier,
        view_class=NotifierView,
        env=env,
    )
