"""A real OTLP/HTTP receiver for tests, and the spans it received: a process pointed at it
sends its ExportTraceServiceRequest protobufs to `/v1/traces`, as it would to a collector."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.resource.v1.resource_pb2 import Resource
from opentelemetry.proto.trace.v1.trace_pb2 import Span

Post = tuple[str, str, bytes]
"""One post the receiver got: its path, its content type and its body."""


@contextmanager
def collector() -> Iterator[tuple[str, list[Post]]]:
    """An OTLP/HTTP receiver on a free port: its URL and each post's path, type and body."""
    received: list[Post] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                received.append((self.path, self.headers["Content-Type"], body))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class ExportedSpan:
    """A span as it arrived over OTLP, with the resource and the scope it was sent under."""

    resource: Resource
    scope: str
    span: Span

    def attribute(self, key: str) -> str | None:
        """The span's attribute `key` as text, or None when it has none."""
        return _text_of(self.span.attributes, key)

    @property
    def service(self) -> str | None:
        """The service name the span was sent under."""
        return _text_of(self.resource.attributes, "service.name")


def exported_spans(received: Iterable[Post]) -> list[ExportedSpan]:
    """Every span of every trace export among `received`, decoded from its protobuf."""
    found = []
    for path, _, body in received:
        if path != "/v1/traces":
            continue
        for resource_spans in ExportTraceServiceRequest.FromString(body).resource_spans:
            for scope_spans in resource_spans.scope_spans:
                scope = scope_spans.scope.name
                found += [
                    ExportedSpan(resource_spans.resource, scope, s) for s in scope_spans.spans
                ]
    return found


def exported_texts(exported: ExportedSpan) -> Iterator[tuple[str, str]]:
    """Every text an exported span carries, each with where it is: its name, its status
    message, its trace state, its attributes, its events' names and attributes, its links'
    attributes, and its resource's and scope's attributes."""
    span = exported.span
    yield "name", span.name
    yield "status", span.status.message
    yield "trace state", span.trace_state
    yield "scope", exported.scope
    sources: list[tuple[str, Iterable[KeyValue]]] = [("attribute", span.attributes)]
    for event in span.events:
        yield "event", event.name
        sources.append((f"event {event.name}", event.attributes))
    sources += [("link", link.attributes) for link in span.links]
    sources.append(("resource", exported.resource.attributes))
    for where, attributes in sources:
        for pair in attributes:
            yield f"{where} {pair.key}", f"{pair.key}={value_text(pair.value)}"


def value_text(value: AnyValue) -> str:
    """An attribute's value as text, arrays and key-value lists spelt out item by item."""
    kind = value.WhichOneof("value")
    if kind == "array_value":
        return ",".join(value_text(item) for item in value.array_value.values)
    if kind == "kvlist_value":
        return ",".join(f"{p.key}={value_text(p.value)}" for p in value.kvlist_value.values)
    if kind == "bytes_value":
        return value.bytes_value.decode("utf-8", "replace")
    return "" if kind is None else str(getattr(value, kind))


def _text_of(attributes: Iterable[KeyValue], key: str) -> str | None:
    for pair in attributes:
        if pair.key == key:
            return value_text(pair.value)
    return None
