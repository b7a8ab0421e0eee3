"""What the actors hand their work to, built once per process by its composition root."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import Protocol

from baxt.application.webhooks.delivery import WebhookSender
from baxt.workers.notification_delivery import Delivery


class WorkerServices(Protocol):
    """The services behind the actors; each takes the ID or key its actor was sent."""

    @property
    def delivery(self) -> Delivery: ...

    @property
    def webhook_sender(self) -> WebhookSender: ...

    def plan_quarter(self, quarter: str) -> None: ...

    def remind_overdue(self, day: str) -> None: ...

    def take_checkpoint(self, minute: str) -> None: ...


# `dramatiq baxt.workers.actors` imports only the actors, so when no process has provided the
# services, the first message builds them from the settings through the worker's root.
_WORKER_ROOT = "baxt.bootstrap.worker"
_lock = threading.Lock()
_provider: Callable[[], WorkerServices] | None = None
_built: WorkerServices | None = None


def provide(factory: Callable[[], WorkerServices] | None) -> None:
    """Makes `factory` build the services on first use (None: the settings' own, again)."""
    global _provider, _built
    with _lock:
        _provider, _built = factory, None


def services() -> WorkerServices:
    """The process's services, built on first use and then reused."""
    global _built
    with _lock:
        if _built is None:
            factory = _provider or importlib.import_module(_WORKER_ROOT).from_environment
            _built = factory()
        return _built
