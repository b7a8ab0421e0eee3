"""The scheduler's composition root (`baxt schedule`): only the broker and the senders of the
scheduled actors; the workers do the work."""

from __future__ import annotations

from apscheduler.schedulers.base import BaseScheduler

from baxt.workers.jobs import scheduled_sender
from baxt.workers.schedule import add_jobs


def add_scheduled_jobs(scheduler: BaseScheduler, checkpoint_minutes: int) -> BaseScheduler:
    """Adds the cron triggers, each sending its actor's message on the process's broker."""
    from baxt.workers import actors  # builds and sets the broker from the settings

    return add_jobs(
        scheduler,
        scheduled_sender(actors.plan_quarter),
        scheduled_sender(actors.remind_overdue),
        scheduled_sender(actors.take_checkpoint),
        checkpoint_minutes=checkpoint_minutes,
    )


def close_broker() -> None:
    """Closes the process's broker connections."""
    from baxt.workers.broker import broker

    broker.close()
