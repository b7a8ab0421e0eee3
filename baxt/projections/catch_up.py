from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol
from uuid import UUID

from eventsourcing.persistence import InfrastructureFactory, Notification, Tracking
from eventsourcing.utils import Environment

from baxt.application.cases.application import CaseApplication
from baxt.application.followers.errors import mark_batch, mark_event
from baxt.application.pii.match_keys import MatchKeys
from baxt.application.pii.read_models import ReadModelSealer
from baxt.application.transient import is_transient
from baxt.projections.case_summary import (
    CaseSummaryProjection,
    CaseSummaryView,
    keyed,
    statements_for,
)
from baxt.projections.statements import Statement

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
    stop: threading.Event | None = None,
) -> int:
    """Projects the events `view` has not tracked yet (up to `until`, else to the end),
    one batch per transaction, until `stop` is set.

    A batch's rows and its last notification ID commit together, so a crash
    loses nothing and doubles nothing; returns how many events were projected. An event
    that fails raises EventFailed naming it.
    """
    done = 0
    keys = MatchKeys.from_env(app.env)
    last = until if until is not None else app.recorder.max_notification_id() or 0
    while stop is None or not stop.is_set():
        tracked = view.max_tracking_id(app.name) or 0
        batch = app.recorder.select_notifications(
            start=tracked,
            limit=batch_size,
            stop=until,
            topics=CaseSummaryProjection.topics,
            inclusive_of_start=False,
        )
        if not batch:
            return done
        _write_batch(app, view, batch, keys)
        done += len(batch)
        if progress is not None:
            progress(batch[-1].id, max(last, batch[-1].id))
    return done


def _write_batch(
    app: CaseApplication, view: TrackedTables, batch: Sequence[Notification], keys: MatchKeys
) -> None:
    """Writes the batch in one transaction; an error notes the event it came from, or the
    batch when the database refused the batch as a whole.

    The children's keys of the whole batch are read in one go first, so opening its sealed
    events asks the database for none of them one at a time.
    """
    app.child_keys.load(n.originator_id for n in batch if isinstance(n.originator_id, UUID))
    sealer = ReadModelSealer(app.child_keys)
    statements: list[Statement] = []
    for notification in batch:
        try:
            event = app.mapper.to_domain_event(notification)
            statements += statements_for(event, sealer, keys)
        except Exception as error:
            mark_event(error, notification.id, notification.topic)
            raise
    try:
        view.write(statements, Tracking(app.name, batch[-1].id))
    except Exception as error:
        if not is_transient(error):
            mark_batch(error, batch[0].id, batch[-1].id)
        raise


@contextmanager
def case_summary_view(env: dict[str, str]) -> Iterator[CaseSummaryView]:
    """The live `case_summary` view on a pool of its own, its tracking table made if missing."""
    factory = InfrastructureFactory[CaseSummaryView].construct(
        env=Environment(CaseSummaryProjection.name, env)
    )
    try:
        yield factory.tracking_recorder(keyed(CaseSummaryView, env))
    finally:
        factory.close()


def catch_up_case_summary(
    env: dict[str, str],
    *,
    batch_size: int = 1000,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Brings `case_summary` up to the end of the event store before live projection starts
    (or until `stop` is set)."""
    app = CaseApplication(env)
    try:
        with case_summary_view(env) as view:
            done = catch_up(app, view, batch_size=batch_size, progress=progress, stop=stop)
    finally:
        app.close()
    if done:
        _log.info("case_summary caught up %s events", done)
    return done
