"""The trace carried through the broker: a message enqueued inside a span carries that
span's W3C trace context in its options, and the worker runs it inside a consumer span of
the same trace."""

from __future__ import annotations

import threading
from contextvars import Token
from typing import Any

import dramatiq
from dramatiq.broker import Broker, MessageProxy
from dramatiq.message import Message
from opentelemetry import context, propagate, trace
from opentelemetry.context import Context
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

TRACE_CONTEXT = "trace_context"
"""The message option that holds the W3C `traceparent` (and `tracestate`) of its sender."""

_tracer = trace.get_tracer(__name__)


def _attributes(message: Message[Any] | MessageProxy, operation: str) -> dict[str, str]:
    return {
        "messaging.system": "dramatiq",
        "messaging.operation.type": operation,
        "messaging.destination.name": message.queue_name,
        "messaging.message.id": message.message_id,
        "baxt.actor": message.actor_name,
    }


class TraceMessages(dramatiq.Middleware):
    """Sends each message inside a producer span whose context it carries (a message sent
    outside any trace carries none, and a retry keeps the context it had), and processes it
    inside a consumer span continuing that trace. Spans name the actor, queue and message
    ID: never the message's arguments."""

    def __init__(self) -> None:
        self._running = threading.local()

    def before_enqueue(self, broker: Broker, message: Message[Any], delay: int) -> None:
        if not trace.get_current_span().get_span_context().is_valid:
            return
        with _tracer.start_as_current_span(
            f"send {message.actor_name}",
            kind=SpanKind.PRODUCER,
            attributes=_attributes(message, "send"),
        ):
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
        if carrier:
            message.options[TRACE_CONTEXT] = carrier

    def before_process_message(self, broker: Broker, message: MessageProxy) -> None:
        sender = propagate.extract(message.options.get(TRACE_CONTEXT) or {})
        span = _tracer.start_span(
            f"process {message.actor_name}",
            context=sender,
            kind=SpanKind.CONSUMER,
            attributes=_attributes(message, "process"),
        )
        token = context.attach(trace.set_span_in_context(span))
        self._in_flight()[message.message_id] = (span, token)

    def after_process_message(
        self,
        broker: Broker,
        message: MessageProxy,
        *,
        result: Any | None = None,
        exception: BaseException | None = None,
    ) -> None:
        running = self._in_flight().pop(message.message_id, None)
        if running is None:
            return
        span, token = running
        if exception is not None:
            span.set_attribute("error.type", type(exception).__name__)
            span.set_status(Status(StatusCode.ERROR))
        context.detach(token)
        span.end()

    def after_skip_message(self, broker: Broker, message: MessageProxy) -> None:
        self.after_process_message(broker, message)

    def _in_flight(self) -> dict[str, tuple[Span, Token[Context]]]:
        if not hasattr(self._running, "spans"):
            self._running.spans = {}
        spans: dict[str, tuple[Span, Token[Context]]] = self._running.spans
        return spans
