"""The cron triggers. They only send messages: the actors do the work, idempotently."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger

from baxt.application.cases import utc_now
from baxt.domain.quarter import TASHKENT, Quarter, local_date

QUARTER_START = CronTrigger(month="1,4,7,10", day=1, hour=0, minute=15, timezone=TASHKENT)
EVERY_MORNING = CronTrigger(hour=7, minute=30, timezone=TASHKENT)
_SIX_HOURS = 6 * 3600


def plan_current_quarter(
    send_plan: Callable[[str], None], clock: Callable[[], datetime] = utc_now
) -> str:
    """Asks for the plan of the quarter it is now in Asia/Tashkent; returns that quarter."""
    quarter = str(Quarter.containing(clock()))
    send_plan(quarter)
    return quarter


def remind_today(
    send_reminders: Callable[[str], None], clock: Callable[[], datetime] = utc_now
) -> str:
    """Asks for the overdue-visit reminders of today in Asia/Tashkent; returns that day."""
    day = local_date(clock()).isoformat()
    send_reminders(day)
    return day


def add_jobs(
    scheduler: BaseScheduler,
    send_plan: Callable[[str], None],
    send_reminders: Callable[[str], None],
) -> BaseScheduler:
    """Adds the quarterly plan and the daily reminders; a run missed while the scheduler was
    down runs once on return."""
    scheduler.add_job(
        plan_current_quarter,
        QUARTER_START,
        args=[send_plan],
        id="plan-quarter",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=_SIX_HOURS,
    )
    scheduler.add_job(
        remind_today,
        EVERY_MORNING,
        args=[send_reminders],
        id="remind-overdue",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=_SIX_HOURS,
    )
    return scheduler
