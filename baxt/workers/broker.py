"""The process's broker: built from the settings and set when this module is first imported,
so that every actor declared after the import is declared on it. It carries Dramatiq's
Prometheus middleware, which counts in the workers the `dramatiq` command runs. A process that
had not started tracing yet (a plain `dramatiq baxt.workers.actors`) starts it here, as a
worker."""

from __future__ import annotations

import dramatiq

from baxt.config import load_settings
from baxt.observability.tracing import WORKER, start_tracing
from baxt.workers.brokers import broker_for
from baxt.workers.metrics import WorkerMetrics

start_tracing(load_settings(), WORKER)
broker: dramatiq.Broker = broker_for(load_settings())
broker.add_middleware(WorkerMetrics())
dramatiq.set_broker(broker)
