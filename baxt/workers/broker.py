"""The process's broker: built from the settings and set when this module is first imported,
so that every actor declared after the import is declared on it. It carries Dramatiq's
Prometheus middleware, which counts in the workers the `dramatiq` command runs."""

from __future__ import annotations

import dramatiq

from baxt.config import load_settings
from baxt.workers.brokers import broker_for
from baxt.workers.metrics import WorkerMetrics

broker: dramatiq.Broker = broker_for(load_settings())
broker.add_middleware(WorkerMetrics())
dramatiq.set_broker(broker)
