"""OpenTelemetry traces: each process exports its spans over OTLP/HTTP when an endpoint is
configured, and traces nothing otherwise. Spans carry names, IDs and SQL with placeholders,
never a value a user typed."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor, RequestInfo
from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import (
    ALWAYS_ON,
    Decision,
    ParentBased,
    Sampler,
    SamplingResult,
)
from opentelemetry.trace import Link, SpanKind
from opentelemetry.trace.span import TraceState
from opentelemetry.util.types import Attributes

from baxt.config import Settings

API = "baxt-api"
WORKER = "baxt-worker"
PROJECTOR = "baxt-projector"
SCHEDULER = "baxt-scheduler"

STANDARD_ENDPOINTS = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
"""The OpenTelemetry variables that name where traces go; either one turns tracing on."""

_URL_ATTRIBUTES = ("http.url", "url.full")
_started: list[str] = []


def start_tracing(
    settings: Settings, service: str, environ: Mapping[str, str] = os.environ
) -> bool:
    """Exports this process's spans as `service` when BAXT_OTLP_ENDPOINT or a standard
    OTLP endpoint variable is set; whether tracing is on. The first call of a process wins,
    so a process that runs the API and the workers traces as the API."""
    if _started:
        return True
    exporter = otlp_exporter(settings, environ)
    if exporter is None:
        return False
    trace.set_tracer_provider(tracer_provider(service, BatchSpanProcessor(exporter)))
    instrument_libraries()
    _started.append(service)
    return True


def otlp_exporter(
    settings: Settings, environ: Mapping[str, str] = os.environ
) -> OTLPSpanExporter | None:
    """The exporter to the configured endpoint (BAXT_OTLP_ENDPOINT first), or None."""
    if settings.otlp_endpoint is not None:
        return OTLPSpanExporter(endpoint=settings.otlp_endpoint.rstrip("/") + "/v1/traces")
    if any(environ.get(name, "").strip() for name in STANDARD_ENDPOINTS):
        return OTLPSpanExporter()
    return None


def tracer_provider(service: str, *processors: SpanProcessor) -> TracerProvider:
    """A provider naming `service`, sampling every trace that starts at an operation, and
    shut down when the process exits, which sends the spans it still holds."""
    provider = TracerProvider(
        resource=Resource.create({SERVICE_NAME: service}),
        sampler=ParentBased(root=OperationsOnly()),
        shutdown_on_exit=True,
    )
    for processor in processors:
        provider.add_span_processor(processor)
    return provider


def instrument_libraries() -> None:
    """Spans for psycopg's statements (SQL with placeholders: never its parameters) and for
    httpx's requests (their URLs without the query string)."""
    psycopg = PsycopgInstrumentor()
    if not psycopg.is_instrumented_by_opentelemetry:
        psycopg.instrument(capture_parameters=False, enable_commenter=False)
    httpx = HTTPXClientInstrumentor()
    if not httpx.is_instrumented_by_opentelemetry:
        httpx.instrument(
            request_hook=_url_without_query, async_request_hook=_url_without_query_async
        )


def uninstrument_libraries() -> None:
    """Undoes `instrument_libraries`."""
    PsycopgInstrumentor().uninstrument()
    HTTPXClientInstrumentor().uninstrument()


def _url_without_query(span: trace.Span, _: RequestInfo) -> None:
    """Drops the query string of a request's URL from its span: it may carry a token."""
    recorded = getattr(span, "attributes", None) or {}
    for name in _URL_ATTRIBUTES:
        value = recorded.get(name)
        if isinstance(value, str) and "?" in value:
            span.set_attribute(name, value.split("?", 1)[0])
    if recorded.get("url.query"):
        span.set_attribute("url.query", "")


async def _url_without_query_async(span: trace.Span, request: RequestInfo) -> None:
    _url_without_query(span, request)


class OperationsOnly(Sampler):
    """Samples a trace that starts at an operation (a request, a message, a command), never
    one that would start at a lone client call: the followers' polling queries and
    heartbeats every second would bury the traces worth reading."""

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: TraceState | None = None,
    ) -> SamplingResult:
        if kind is SpanKind.CLIENT:
            return SamplingResult(Decision.DROP)
        return ALWAYS_ON.should_sample(
            parent_context, trace_id, name, kind, attributes, links, trace_state
        )

    def get_description(self) -> str:
        return "OperationsOnly"
