"""Dramatiq's Prometheus middleware rides on every broker, yet stays silent in a process the
`dramatiq` command did not boot: messages run there as before, with no failing hook."""

from __future__ import annotations

import logging

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker

from baxt.workers.broker import broker as process_broker
from baxt.workers.metrics import WorkerMetrics


def test_the_process_broker_carries_the_worker_metrics() -> None:
    assert any(isinstance(m, WorkerMetrics) for m in process_broker.middleware)


def test_messages_run_in_a_process_no_command_booted_without_a_failing_hook(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broker = StubBroker()
    metrics = WorkerMetrics()
    broker.add_middleware(metrics)
    ran: list[int] = []

    @dramatiq.actor(broker=broker, actor_name="tests.metrics_probe", max_retries=0)
    def probe(n: int) -> None:
        ran.append(n)

    worker = dramatiq.Worker(broker, worker_threads=1)
    worker.start()
    try:
        with caplog.at_level(logging.CRITICAL):
            for n in range(3):
                probe.send(n)
            broker.join("default")
            worker.join()
    finally:
        worker.stop()

    assert sorted(ran) == [0, 1, 2]
    assert not metrics.booted
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.CRITICAL] == []
