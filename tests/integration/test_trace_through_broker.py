"""A message carries the trace of whoever sent it through a real RabbitMQ: the worker runs it
inside a consumer span of that trace, whether a request sent it or the outbox dispatcher."""

from __future__ import annotations

import queue
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID, uuid4

import dramatiq
import pytest
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from baxt.observability.trace_ids import current_trace_id
from baxt.workers.brokers import make_broker
from baxt.workers.dispatcher import Dispatcher
from baxt.workers.jobs import Job, enqueuer, scheduled_sender
from baxt.workers.tracing import TRACE_CONTEXT
from tests.outbox import Outbox
from tests.services import rabbitmq_url
from tests.tracing import recorded_spans

RUN_WITHIN = 60.0
_tracer = trace.get_tracer(__name__)


@dataclass
class TracedWorker:
    """An actor on a RabbitMQ queue of its own, a worker running it, and what it ran: each
    item's ID with the trace ID it ran in."""

    actor: Job
    ran: queue.Queue[tuple[str, str | None]]
    spans: InMemorySpanExporter

    def wait_for(self, count: int) -> dict[str, str | None]:
        return dict(self.ran.get(timeout=RUN_WITHIN) for _ in range(count))

    def consumer_spans(self, count: int) -> list[ReadableSpan]:
        """The worker's spans, once `count` have ended: a span ends just after its actor."""
        deadline = time.monotonic() + RUN_WITHIN
        while time.monotonic() < deadline:
            found = [s for s in self.spans.get_finished_spans() if s.kind is SpanKind.CONSUMER]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"fewer than {count} consumer spans ended")


@pytest.fixture
def worker() -> Iterator[TracedWorker]:
    broker = make_broker(rabbitmq_url())
    assert isinstance(broker, RabbitmqBroker)
    name = f"traces_test_{secrets.token_hex(4)}"
    ran: queue.Queue[tuple[str, str | None]] = queue.Queue()

    def record(item_id: str) -> None:
        ran.put((item_id, current_trace_id()))

    actor: Job = dramatiq.Actor(
        record, broker=broker, actor_name=name, queue_name=name, priority=0, options={}
    )
    with recorded_spans() as spans:
        running = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
        running.start()
        try:
            yield TracedWorker(actor, ran, spans)
        finally:
            running.stop()
            for queue_name in (name, f"{name}.DQ", f"{name}.XQ"):
                broker.channel.queue_delete(queue_name)
            broker.close()


def _span(spans: InMemorySpanExporter, name: str) -> ReadableSpan:
    return next(s for s in spans.get_finished_spans() if s.name == name)


def _parent_of(span: ReadableSpan, spans: InMemorySpanExporter) -> ReadableSpan:
    assert span.parent is not None, f"{span.name} has no parent"
    found = [s for s in spans.get_finished_spans() if s.context.span_id == span.parent.span_id]
    assert found, f"the parent of {span.name} was not recorded"
    return found[0]


def test_a_message_sent_in_a_request_runs_in_the_request_s_trace(worker: TracedWorker) -> None:
    item = uuid4()
    with _tracer.start_as_current_span("request", kind=SpanKind.SERVER) as request:
        enqueuer(worker.actor)(item)
    expected = trace.format_trace_id(request.get_span_context().trace_id)

    assert worker.wait_for(1) == {str(item): expected}
    (consumer,) = worker.consumer_spans(1)
    producer = _parent_of(consumer, worker.spans)
    assert producer.kind is SpanKind.PRODUCER
    assert _parent_of(producer, worker.spans) is _span(worker.spans, "request")
    assert dict(consumer.attributes or {}) == {
        "messaging.system": "dramatiq",
        "messaging.operation.type": "process",
        "messaging.destination.name": worker.actor.queue_name,
        "messaging.message.id": str(item),
        "baxt.actor": worker.actor.actor_name,
    }


def test_a_message_sent_outside_any_trace_carries_none(worker: TracedWorker) -> None:
    item = uuid4()
    message = worker.actor.message(str(item)).copy(message_id=str(item))
    worker.actor.broker.enqueue(message)

    (trace_id,) = worker.wait_for(1).values()
    (consumer,) = worker.consumer_spans(1)
    assert TRACE_CONTEXT not in message.options
    assert consumer.parent is None
    assert trace_id == trace.format_trace_id(consumer.context.trace_id)


def test_the_dispatcher_s_messages_run_in_the_trace_of_its_sweep(
    outbox: Outbox, worker: TracedWorker
) -> None:
    outbox.safety_concern()
    sent: list[UUID] = []
    send = enqueuer(worker.actor)

    def send_and_note(item: UUID) -> None:
        send(item)
        sent.append(item)

    assert Dispatcher(outbox.url, send_and_note).dispatch_due() == len(sent) > 0

    ran = worker.wait_for(len(sent))
    sweep = _span(worker.spans, "dispatch notification")
    assert set(ran) == {str(item) for item in sent}
    assert set(ran.values()) == {trace.format_trace_id(sweep.context.trace_id)}


def test_a_scheduled_job_runs_in_the_trace_of_its_trigger(worker: TracedWorker) -> None:
    scheduled_sender(worker.actor)("2026-Q3")

    ran = worker.wait_for(1)
    trigger = _span(worker.spans, f"schedule {worker.actor.actor_name}")
    assert ran == {"2026-Q3": trace.format_trace_id(trigger.context.trace_id)}
