"""The cron triggers. They only send messages: the actors do the work, idempotently."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from baxt.application.cases.application import utc_now
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


def checkpoint_now(
    send_checkpoint: Callable[[str], None], clock: Callable[[], datetime] = utc_now
) -> str:
    """Asks for a checkpoint of the ledger, keyed by the minute, in UTC; returns that key."""
    minute = clock().strftime("%Y-%m-%dT%H:%MZ")
    send_checkpoint(minute)
    return minute


def add_jobs(
    scheduler: BaseScheduler,
    send_plan: Callable[[str], None],
    send_reminders: Callable[[str], None],
    send_checkpoint: Callable[[str], None] | None = None,
    *,
    checkpoint_minutes: int = 60,
) -> BaseScheduler:
    """Adds the quarterly plan, the daily reminders and the ledger's checkpoints; a run missed
    while the scheduler was down runs once on return."""
    if send_checkpoint is not None:
        scheduler.add_job(
            checkpoint_now,
            IntervalTrigger(minutes=checkpoint_minutes, timezone=TASHKENT),
            args=[send_checkpoint],
            id="audit-checkpoint",
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=checkpoint_minutes * 60,
        )
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
