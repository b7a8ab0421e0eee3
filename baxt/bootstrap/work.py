"""The services that scheduled work and the planning and import commands run."""

from __future__ import annotations

from datetime import date

from baxt.application.cases.application import CaseApplication, utc_now
from baxt.application.imports.screening import ImportSettings
from baxt.application.planning import QuarterPlanner
from baxt.application.referral_reminders import ReferralReminderReport, ReferralReminders
from baxt.application.reminders import OverdueReminders, ReminderReport
from baxt.bootstrap.common import Runtime
from baxt.domain.risk.catalogue import default_catalogue
from baxt.domain.risk.rules import default_rule_sets


def planner(runtime: Runtime, app: CaseApplication) -> QuarterPlanner:
    """Plans a quarter's home visits."""
    return QuarterPlanner(app, runtime.database_url)


def import_settings(runtime: Runtime) -> ImportSettings:
    """The indicator catalogue and rule sets shipped with Baxt, and the settings' checks."""
    return ImportSettings(
        catalogue=default_catalogue(),
        rule_sets=default_rule_sets(),
        clock=utc_now,
        verify_check_digit=runtime.settings.verify_pinfl_check_digit,
    )


def reminders(runtime: Runtime, app: CaseApplication) -> OverdueReminders:
    """Reminds of overdue home visits, and escalates them to supervisors."""
    return OverdueReminders(
        app,
        runtime.database_url,
        supervisor_after_days=runtime.settings.overdue_supervisor_after_days,
    )


def referral_reminders(runtime: Runtime, app: CaseApplication) -> ReferralReminders:
    """Reminds partners of referrals they have not answered, and escalates them."""
    return ReferralReminders(
        app,
        runtime.database_url,
        answer_days=runtime.settings.referral_answer_days,
        escalate_days=runtime.settings.referral_escalate_days,
    )


def remind_all(
    runtime: Runtime, app: CaseApplication, day: date
) -> tuple[ReminderReport, ReferralReminderReport]:
    """The day's reminders: overdue home visits, then referrals partners have not answered."""
    return reminders(runtime, app).run(day), referral_reminders(runtime, app).run(day)
