from __future__ import annotations

import logging
from collections.abc import Callable

from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.utils import Environment

from baxt.application.cases import CASE_EVENT_TOPICS, CaseApplication
from baxt.projections.case_summary import (
    CaseSummaryProjection,
    CaseSummaryView,
    statements_for,
)

_log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def catch_up(
    app: CaseApplication,
    view: CaseSummaryView,
    *,
    batch_size: int = 1000,
    progress: Progress | None = None,
) -> int:
    """Projects the events `view` has not tracked yet, one batch per transaction.

    A batch's rows and its last notification ID commit together, so a crash
    loses nothing and doubles nothing; returns how many events were projected.
    """
    done = 0
    last = app.recorder.max_notification_id() or 0
    while True:
        tracked = view.max_tracking_id(app.name) or 0
        batch = app.recorder.select_notifications(
            start=tracked, limit=batch_size, topics=CASE_EVENT_TOPICS, inclusive_of_start=False
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
            progress(batch[-1].id, last)


def catch_up_case_summary(
    env: dict[str, str], *, batch_size: int = 1000, progress: Progress | None = None
) -> int:
    """Brings `case_summary` up to the end of the event store before live projection starts."""
    app = CaseApplication(env)
    factory = InfrastructureFactory[CaseSummaryView].construct(
        env=Environment(CaseSummaryProjection.name, env)
    )
    try:
        view = factory.tracking_recorder(CaseSummaryView)
        done = catch_up(app, view, batch_size=batch_size, progress=progress)
    finally:
        factory.close()
        app.close()
    if done:
        _log.info("case_summary caught up %s events", done)
    return done
