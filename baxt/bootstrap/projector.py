"""The projector's composition root (`baxt project`): the followers of the event store, each
supervised; `baxt serve` runs them in process on the embedded database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from baxt.application.followers.supervisor import Supervisor
from baxt.bootstrap import followers
from baxt.bootstrap.common import Runtime
from baxt.bootstrap.followers import supervising_one
from baxt.projections.catch_up import Progress


@contextmanager
def running_projections(runtime: Runtime) -> Iterator[None]:
    """Runs every follower of the event store, supervised, while the block runs, and first
    waits until `case_summary` has caught up (here, or in the process holding its lock)."""
    with followers.supervising(runtime, *followers.every_follower(runtime)) as supervisors:
        followers.wait_caught_up(followers.named(supervisors, followers.CASE_SUMMARY))
        yield


def start_projections(
    runtime: Runtime, progress: Progress | None = None
) -> AbstractContextManager[Supervisor]:
    """Supervises case_summary while the block runs: caught up in batches, then projected
    live from its tracked position."""
    return supervising_one(runtime, followers.case_summary(runtime, progress))


def start_notifier(runtime: Runtime) -> AbstractContextManager[Supervisor]:
    """Supervises the tracked subscription that writes messages into the outbox."""
    return supervising_one(runtime, followers.notifier(runtime))


def start_webhook_follower(runtime: Runtime) -> AbstractContextManager[Supervisor]:
    """Supervises the tracked subscription that writes partners' webhook deliveries."""
    return supervising_one(runtime, followers.webhooks(runtime))


def following_ledger(runtime: Runtime) -> AbstractContextManager[Supervisor]:
    """Keeps the audit ledger sealed, supervised, while the block runs."""
    return supervising_one(runtime, followers.ledger(runtime))
