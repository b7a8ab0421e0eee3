"""The library's projection runners as supervised followers: each failure names its event,
each runner closes what it opened, and a run that ends by itself is an error."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic

from baxt.application.followers.errors import FollowerEnded, mark_event
from baxt.application.followers.states import FollowerState, Report
from baxt.application.transient import is_transient

_log = logging.getLogger(__name__)

TApp = TypeVar("TApp")
TView = TypeVar("TView", bound=TrackingRecorder)

_POLL_SECONDS = 0.2


def naming_failures(projection_class: type[Projection[TView]]) -> type[Projection[TView]]:
    """The projection, whose every failure notes the event it failed on (see `failed_at`)."""

    def process_event(self: Projection[TView], domain_event: Any, tracking: Tracking) -> None:
        try:
            projection_class.process_event(self, domain_event, tracking)
        except Exception as error:
            mark_event(error, tracking.notification_id, get_topic(type(domain_event)))
            raise

    namespace = {"name": projection_class.name, "process_event": process_event}
    return cast(
        type[Projection[TView]], type(projection_class.__name__, (projection_class,), namespace)
    )


class FollowerRunner(ProjectionRunner[TApp, TView], Generic[TApp, TView]):
    """A ProjectionRunner that also closes its view's connections when it ends (the library
    closes only the application's), so a follower started again leaks nothing."""

    def __init__(self, **kwargs: Any) -> None:
        try:
            super().__init__(**kwargs)
        except BaseException:
            self._close_view()
            raise

    def __exit__(self, *args: Any) -> None:
        try:
            super().__exit__(*args)
        finally:
            self._close_view()

    def _close_view(self) -> None:
        datastore = getattr(getattr(self, "view", None), "datastore", None)
        if datastore is not None:
            datastore.close()


class ProjectionFollower:
    """A follower made of a projection runner, with an optional step before it (a batched
    catch-up) that gives up when its stop event is set.

    When the step before fails for another reason than a lost database, the next attempt
    goes straight to the runner, which projects one event a transaction and so names the
    event that fails.
    """

    def __init__(
        self,
        name: str,
        runner: Callable[[], ProjectionRunner[Any, Any]],
        before: Callable[[threading.Event], object] | None = None,
    ) -> None:
        self.name = name
        self._runner = runner
        self._before = before

    def follow(self, stop: threading.Event, report: Report) -> None:
        """Runs the step before, then the runner until `stop`; raises what either raised, and
        FollowerEnded when the runner stopped by itself."""
        if self._before is not None:
            report(FollowerState.CATCHING_UP)
            self._catch_up(self._before, stop)
            if stop.is_set():
                return
        with self._runner() as running:
            report(FollowerState.RUNNING)
            while not stop.is_set():
                running.run_forever(timeout=_POLL_SECONDS)
                if running.is_interrupted.is_set() and not stop.is_set():
                    raise FollowerEnded(self.name)

    def _catch_up(self, before: Callable[[threading.Event], object], stop: threading.Event) -> None:
        try:
            before(stop)
        except Exception as error:
            if not is_transient(error):
                _log.info("%s goes on one event a transaction, to find what fails", self.name)
                self._before = None
            raise
