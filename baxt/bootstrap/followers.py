"""The followers of the event store a process runs, each supervised: `case_summary` (caught
up in batches first), the notifier, the webhook follower and the audit ledger."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

from baxt.application.audit.ledger import Ledger
from baxt.application.followers.backoff import Backoff
from baxt.application.followers.group import Supervision, running, supervised, wait_caught_up
from baxt.application.followers.runners import ProjectionFollower
from baxt.application.followers.seat import Reach
from baxt.application.followers.states import Follower
from baxt.application.followers.supervisor import Supervisor
from baxt.config import Settings
from baxt.projections.case_summary import TRACKING_TABLE, CaseSummaryProjection, case_summary_runner
from baxt.projections.catch_up import Progress
from baxt.projections.ledger import LEDGER_REACH, LedgerFollower
from baxt.projections.notifier import Notifier, notifier_runner
from baxt.projections.refill import bring_case_summary_forward
from baxt.projections.webhook_deliveries import WebhookFollower, webhook_follower

if TYPE_CHECKING:
    from baxt.bootstrap.common import Runtime

FOLLOWER_POOL = {"POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "1"}
"""A follower needs two connections of its application's pool (the subscription's LISTEN and
its reads) and one of its view's."""


class Watched(NamedTuple):
    """A follower and how its supervisor measures it."""

    follower: Follower
    reach: Reach


def supervision(settings: Settings) -> Supervision:
    return Supervision(
        heartbeat_seconds=settings.follower_heartbeat_seconds,
        stale_seconds=settings.follower_stale_seconds,
        backoff=Backoff(max_seconds=settings.follower_retry_max_seconds),
    )


def follower_env(runtime: Runtime) -> dict[str, str]:
    return runtime.event_store_env | FOLLOWER_POOL


def case_summary(runtime: Runtime, progress: Progress | None = None) -> Watched:
    """`case_summary`: caught up in batches from its tracked position, then followed live."""
    env = follower_env(runtime)

    def catch_up(stop: threading.Event) -> None:
        batch_size = runtime.settings.projection_batch_size
        bring_case_summary_forward(env, batch_size=batch_size, progress=progress, stop=stop)

    follower = ProjectionFollower(
        CaseSummaryProjection.name, lambda: case_summary_runner(env), before=catch_up
    )
    return Watched(follower, Reach.tracked(TRACKING_TABLE, CaseSummaryProjection.topics))


def notifier(runtime: Runtime) -> Watched:
    """The notifier, which writes the messages someone must hear into the outbox."""
    env = follower_env(runtime)
    follower = ProjectionFollower(Notifier.name, lambda: notifier_runner(env))
    return Watched(follower, Reach.tracked(f"{Notifier.name}_tracking", Notifier.topics))


def webhooks(runtime: Runtime) -> Watched:
    """The webhook follower, which writes partners' deliveries into their log."""
    env = follower_env(runtime)
    follower = ProjectionFollower(WebhookFollower.name, lambda: webhook_follower(env))
    return Watched(
        follower, Reach.tracked(f"{WebhookFollower.name}_tracking", WebhookFollower.topics)
    )


def ledger(runtime: Runtime) -> Watched:
    """The audit ledger's sealer."""
    follower = LedgerFollower(Ledger(runtime.database_url), runtime.database_url)
    return Watched(follower, LEDGER_REACH)


def every_follower(runtime: Runtime) -> list[Watched]:
    return [case_summary(runtime), notifier(runtime), webhooks(runtime), ledger(runtime)]


@contextmanager
def supervising(runtime: Runtime, *followers: Watched) -> Iterator[list[Supervisor]]:
    """Runs each follower under its supervisor while the block runs; it stands by while a
    copy in another process holds its lock."""
    watch = supervision(runtime.settings)
    supervisors = [
        supervised(follower, reach, runtime.database_url, watch) for follower, reach in followers
    ]
    with running(supervisors):
        yield supervisors


def named(supervisors: Sequence[Supervisor], name: str) -> Supervisor:
    """The supervisor of the follower called `name`."""
    return next(supervisor for supervisor in supervisors if supervisor.name == name)


@contextmanager
def supervising_one(runtime: Runtime, watched: Watched) -> Iterator[Supervisor]:
    with supervising(runtime, watched) as (supervisor,):
        yield supervisor


CASE_SUMMARY = CaseSummaryProjection.name

__all__ = ["CASE_SUMMARY", "Watched", "every_follower", "named", "supervising", "wait_caught_up"]
