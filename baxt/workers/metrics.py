"""Dramatiq's own Prometheus middleware, for workers run by the `dramatiq` command.

The middleware counts in files that its exposition server (a process the `dramatiq` command
forks, on `dramatiq_prom_host`:`dramatiq_prom_port`, by default 0.0.0.0:9191) reads, and
it sets that up when the command boots a worker process. Anywhere else (`baxt worker`,
`baxt serve`, the tests) no process is booted, so this one stays silent there instead of
failing at every message.
"""

from __future__ import annotations

from typing import Any

import dramatiq
from dramatiq.middleware.prometheus import Prometheus


class WorkerMetrics(Prometheus):
    """Prometheus counts of the messages each actor processed, failed, retried and
    dead-lettered, and how long they took: only in a process the `dramatiq` command booted."""

    def __init__(self) -> None:
        super().__init__()
        self.booted = False

    def after_process_boot(self, broker: dramatiq.Broker) -> None:
        super().after_process_boot(broker)  # type: ignore[no-untyped-call]
        self.booted = True

    def after_worker_shutdown(self, broker: dramatiq.Broker, worker: Any) -> None:
        if self.booted:
            super().after_worker_shutdown(broker, worker)  # type: ignore[no-untyped-call]

    def after_nack(self, broker: dramatiq.Broker, message: Any) -> None:
        if self.booted:
            super().after_nack(broker, message)  # type: ignore[no-untyped-call]

    def after_enqueue(self, broker: dramatiq.Broker, message: Any, delay: Any) -> None:
        if self.booted:
            super().after_enqueue(broker, message, delay)  # type: ignore[no-untyped-call]

    def before_delay_message(self, broker: dramatiq.Broker, message: Any) -> None:
        if self.booted:
            super().before_delay_message(broker, message)  # type: ignore[no-untyped-call]

    def before_process_message(self, broker: dramatiq.Broker, message: Any) -> None:
        if self.booted:
            super().before_process_message(broker, message)  # type: ignore[no-untyped-call]

    def after_process_message(
        self, broker: dramatiq.Broker, message: Any, *, result: Any = None, exception: Any = None
    ) -> None:
        if self.booted:
            super().after_process_message(  # type: ignore[no-untyped-call]
                broker, message, result=result, exception=exception
            )

    after_skip_message = after_process_message
