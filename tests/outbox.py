"""The notification outbox of a store of its own: what the notifier wrote, and ways to fill it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from uuid import UUID

import psycopg

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.domain.values import FlagSource, Visit
from baxt.projections.notifier import notifier_runner
from tests.factories import child, hours_ago, household

SETTLE_WITHIN = 60.0
"""How long the notifier may take to write the outbox for what was just recorded."""


@dataclass
class Outbox:
    """The outbox of the store at `url`, and the application that records on that store."""

    url: str
    app: CaseApplication

    def safety_concern(self) -> UUID:
        """Records a visit with a safety concern and lets the notifier write the outbox."""
        case_id = self._visit_with_safety_concern()
        self._let_the_notifier_write()
        return case_id

    def safety_concerns(self, visits: int) -> None:
        """Records `visits` visits with a safety concern and lets the notifier write the outbox."""
        for _ in range(visits):
            self._visit_with_safety_concern()
        self._let_the_notifier_write()

    def sending(self) -> dict[UUID, str]:
        """The status of each message to send by email or SMS (in-app copies need no sending)."""
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT id, status FROM notification WHERE channel IN ('EMAIL', 'SMS')"
            ).fetchall()
        return {row[0]: row[1] for row in rows}

    def messages(self) -> list[tuple[str, str, str, int]]:
        """The messages to send by email and SMS: recipient, channel, status and attempts."""
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT recipient, channel, status, attempts FROM notification"
                " WHERE channel <> 'IN_APP' ORDER BY channel"
            ).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def status_and_attempts(self, notification_id: UUID) -> tuple[str, int]:
        with psycopg.connect(self.url) as conn:
            row = conn.execute(
                "SELECT status, attempts FROM notification WHERE id = %s", (notification_id,)
            ).fetchone()
        assert row is not None
        return row[0], row[1]

    def statuses(self, ids: Iterable[UUID]) -> dict[UUID, tuple[str, int]]:
        """The status and attempts of each of the messages `ids`."""
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT id, status, attempts FROM notification WHERE id = ANY(%s)", (list(ids),)
            ).fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}

    def feed(self) -> list[tuple[str, str, UUID]]:
        """The in-app notifications sent: recipient, kind and case."""
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT recipient, kind, case_id FROM notification WHERE channel = 'IN_APP'"
                " AND status = 'SENT' ORDER BY recipient"
            ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def urgent_messages(self, case_id: UUID) -> dict[str, UUID]:
        """The case's urgent messages to send, by channel (the in-app copy needs no sending)."""
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT channel, id FROM notification"
                " WHERE case_id = %s AND urgent AND channel <> 'IN_APP'",
                (case_id,),
            ).fetchall()
        assert {row[0] for row in rows} == {"EMAIL", "SMS"}, rows
        return {row[0]: row[1] for row in rows}

    def wait_until_settled(self, seconds: float = 60) -> None:
        """Returns once every message to send is SENT or DEAD; fails after `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if all(s in ("SENT", "DEAD") for _, _, s, _ in self.messages()):
                return
            time.sleep(0.05)
        raise AssertionError(f"not delivered in {seconds}s: {self.messages()}")

    def wait_until_sent(self, ids: Iterable[UUID], within: float, logs: Callable[[], str]) -> float:
        """Seconds until every one of `ids` is SENT; fails after `within` seconds."""
        wanted, started = list(ids), time.monotonic()
        while time.monotonic() - started < within:
            if all(status == "SENT" for status, _ in self.statuses(wanted).values()):
                return time.monotonic() - started
            time.sleep(0.2)
        raise AssertionError(f"not sent within {within}s: {self.statuses(wanted)}\n{logs()}")

    def _visit_with_safety_concern(self) -> UUID:
        case_id = self.app.flag_child(
            child=child(),
            household=household(),
            source=FlagSource.COMMUNITY_REPORT,
            indicators=[],
            note="",
            actor="aziza",
        ).case_id
        self.app.change_case(
            case_id,
            lambda case: case.record_visit(
                visit=Visit(hours_ago(1), True, False, "", True), actor="aziza", now=self.app.now()
            ),
        )
        return case_id

    def _let_the_notifier_write(self) -> None:
        with notifier_runner(event_store_env(self.url)) as runner:
            runner.wait(self.app.recorder.max_notification_id(), timeout=SETTLE_WITHIN)
