from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

import psycopg

from baxt.application.cases.application import CaseApplication
from baxt.domain.case import Case

REMINDER = "scheduler"


class Remind(Protocol):
    def __call__(
        self, case: Case, /, *, today: date, supervisor_after_days: int, actor: str
    ) -> bool: ...


_OVERDUE = """
SELECT q.case_id FROM quarter_visit q JOIN case_summary c USING (case_id)
WHERE c.status <> 'CLOSED' AND c.planned_quarter = q.quarter
  AND q.seen_on IS NULL AND q.due_on < %(today)s
  AND q.overdue_level IS DISTINCT FROM 'SUPERVISOR'
ORDER BY q.due_on, q.case_id
"""
_REVIEWS_OVERDUE = """
SELECT case_id FROM case_summary
WHERE status IN ('CONSULTED', 'REFERRED') AND next_review_due < %(today)s
ORDER BY next_review_due, case_id
"""


@dataclass(frozen=True)
class ReminderReport:
    """What a day's reminder run did: overdue visits found, and reminders recorded; and the
    same of overdue reviews."""

    day: date
    overdue: int
    reminded: int
    reviews_overdue: int = 0
    reviews_reminded: int = 0


class OverdueReminders:
    """Records `VisitOverdue` on each case whose quarter's visit is late, and `ReviewOverdue`
    on each consulted or referred case whose review is; the notifier sends them.

    A case is reminded once a level: first its caseworker, then, `supervisor_after_days`
    past the due date, the supervisor. Running it twice in a day records nothing twice.
    """

    def __init__(
        self,
        app: CaseApplication,
        conninfo: str,
        *,
        supervisor_after_days: int,
        batch_size: int = 500,
    ) -> None:
        self._app = app
        self._conninfo = conninfo
        self._supervisor_after_days = supervisor_after_days
        self._batch_size = batch_size

    def run(self, today: date) -> ReminderReport:
        with psycopg.connect(self._conninfo) as conn:
            visits = [row[0] for row in conn.execute(_OVERDUE, {"today": today}).fetchall()]
            reviews = [
                row[0] for row in conn.execute(_REVIEWS_OVERDUE, {"today": today}).fetchall()
            ]
        reminded = self._remind_all(visits, today, Case.remind_overdue)
        reviews_reminded = self._remind_all(reviews, today, Case.remind_review_overdue)
        return ReminderReport(today, len(visits), reminded, len(reviews), reviews_reminded)

    def _remind_all(self, case_ids: list[UUID], today: date, remind: Remind) -> int:
        reminded = 0
        for start in range(0, len(case_ids), self._batch_size):
            reminded += self._remind(case_ids[start : start + self._batch_size], today, remind)
        return reminded

    def _remind(self, case_ids: list[UUID], today: date, remind: Remind) -> int:
        changed: list[Case] = []
        for case_id in case_ids:
            case: object = self._app.repository.get(case_id)
            assert isinstance(case, Case)
            if remind(
                case,
                today=today,
                supervisor_after_days=self._supervisor_after_days,
                actor=REMINDER,
            ):
                changed.append(case)
        self._app.save_batch(changed, during="while reminders were recorded")
        return len(changed)
