from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.utils import Environment

from baxt.application.cases import CASE_EVENT_TOPICS, CaseApplication
from baxt.projections.case_summary import (
    CaseSummaryProjection,
    CaseSummaryView,
    Statement,
    statements_for,
)

_log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class TrackedTables(Protocol):
    """Tables that take a batch's statements and its tracking position in one transaction."""

    def max_tracking_id(self, application_name: str) -> int | None: ...

    def write(self, statements: Sequence[Statement], tracking: Tracking) -> None: ...


def catch_up(
    app: CaseApplication,
    view: TrackedTables,
    *,
    batch_size: int = 1000,
    progress: Progress | None = None,
    until: int | None = None,
) -> int:
    """Projects the events `view` has not tracked yet (up to `until`, else to the end),
    one batch per transaction.

    A batch's rows and its last notification ID commit together, so a crash
    loses nothing and doubles nothing; returns how many events were projected.
    """
    done = 0
    last = until if until is not None else app.recorder.max_notification_id() or 0
    while True:
        tracked = view.max_tracking_id(app.name) or 0
        batch = app.recorder.select_notifications(
            start=tracked,
            limit=batch_size,
            stop=until,
            topics=CASE_EVENT_TOPICS,
            inclusive_of_start=False,
        )
        if not batch:
            return done
        statements = [
            statement
            for notification in batch
            for statement in statements_for(app.mapper.to_domain_event(notification))
        ]
        view.write(statements, Tracking(app.name, batch[-1].id))
        done += len(batch)
        if progress is not None:
            progress(batch[-1].id, max(last, batch[-1].id))


@contextmanager
def case_summary_view(env: dict[str, str]) -> Iterator[CaseSummaryView]:
    """The live `case_summary` view on a pool of its own, its tracking table made if missing."""
    factory = InfrastructureFactory[CaseSummaryView].construct(
        env=Environment(CaseSummaryProjection.name, env)
    )
    try:
        yield factory.tracking_recorder(CaseSummaryView)
    finally:
        factory.close()


def catch_up_case_summary(
    env: dict[str, str], *, batch_size: int = 1000, progress: Progress | None = None
) -> int:
    """Brings `case_summary` up to the end of the event store before live projection starts."""
    app = CaseApplication(env)
    try:
        with case_summary_view(env) as view:
            done = catch_up(app, view, batch_size=batch_size, progress=progress)
    finally:
        app.close()
    if done:
        _log.info("case_summary caught up %s events", done)
    return done
