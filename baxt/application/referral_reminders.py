"""The daily job that reminds partners of referrals they have not answered, then escalates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import psycopg

from baxt.application.cases.application import CaseApplication
from baxt.domain.case import Case
from baxt.domain.quarter import local_date

REMINDER = "scheduler"
_PENDING = """
SELECT case_id, referral_id, created_at FROM partner_referral
WHERE status = 'PENDING' AND reminder_level IS DISTINCT FROM 'SUPERVISOR'
ORDER BY created_at, referral_id
"""


@dataclass(frozen=True)
class ReferralReminderReport:
    """What a day's run did: pending referrals looked at, and reminders recorded."""

    day: date
    pending: int
    reminded: int


class ReferralReminders:
    """Records `ReferralReminded` on each referral its partner has not answered: level
    PARTNER after `answer_days`, SUPERVISOR after `escalate_days` (days counted in
    Asia/Tashkent). Running it twice in a day records nothing twice."""

    def __init__(
        self, app: CaseApplication, conninfo: str, *, answer_days: int, escalate_days: int
    ) -> None:
        self._app = app
        self._conninfo = conninfo
        self._answer_days = answer_days
        self._escalate_days = escalate_days

    def run(self, today: date) -> ReferralReminderReport:
        with psycopg.connect(self._conninfo) as conn:
            pending = conn.execute(_PENDING).fetchall()
        reminded = sum(
            self._remind(case_id, referral_id, (today - local_date(created_at)).days)
            for case_id, referral_id, created_at in pending
        )
        return ReferralReminderReport(today, len(pending), reminded)

    def _remind(self, case_id: UUID, referral_id: str, waited_days: int) -> bool:
        case: object = self._app.repository.get(case_id)
        assert isinstance(case, Case)
        changed = case.remind_referral(
            referral_id=referral_id,
            waited_days=waited_days,
            answer_days=self._answer_days,
            escalate_days=self._escalate_days,
            actor=REMINDER,
        )
        if changed:
            self._app.save_batch([case], during="while referral reminders were recorded")
        return changed
