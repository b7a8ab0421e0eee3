"""The process's broker: built from the settings and set when this module is first imported,
so that every actor declared after the import is declared on it."""

from __future__ import annotations

import dramatiq

from baxt.config import load_settings
from baxt.workers.brokers import broker_for

broker: dramatiq.Broker = broker_for(load_settings())
dramatiq.set_broker(broker)
