"""Every actor, declared at module level under its stable name once the broker is set, so that
`dramatiq baxt.workers.actors` runs the workers. Each takes an ID or a key and hands the work
to the process's services."""

from __future__ import annotations

from baxt.workers.broker import broker
from baxt.workers.jobs import (
    PLAN_QUARTER,
    REMIND_OVERDUE,
    TAKE_CHECKPOINT,
    declare_delivery_actor,
    declare_scheduled_actor,
    declare_webhook_actor,
)
from baxt.workers.services import services

deliver = declare_delivery_actor(broker, lambda: services().delivery)
deliver_webhook = declare_webhook_actor(broker, lambda: services().webhook_sender)
plan_quarter = declare_scheduled_actor(
    broker, PLAN_QUARTER, lambda quarter: services().plan_quarter(quarter)
)
remind_overdue = declare_scheduled_actor(
    broker, REMIND_OVERDUE, lambda day: services().remind_overdue(day)
)
take_checkpoint = declare_scheduled_actor(
    broker, TAKE_CHECKPOINT, lambda minute: services().take_checkpoint(minute)
)

__all__ = [
    "broker",
    "deliver",
    "deliver_webhook",
    "plan_quarter",
    "remind_overdue",
    "take_checkpoint",
]
