"""Spans recorded in memory by the OpenTelemetry SDK, and the check that none of them holds
personal data: a test records the spans of what it runs and searches every span's name,
attributes, events and links for each name, phone and PINFL it sent."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import quote, quote_plus

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from baxt.domain.values import Child, Household
from baxt.observability.tracing import instrument_libraries, tracer_provider, uninstrument_libraries

SERVICE = "baxt-tests"


class _WhileRecording(SpanProcessor):
    """Hands spans to the exporter only while a test records, so the spans of every other
    test in the run are not kept."""

    def __init__(self, exporter: InMemorySpanExporter) -> None:
        self.recording = False
        self._export = SimpleSpanProcessor(exporter)

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        return None

    def on_end(self, span: ReadableSpan) -> None:
        if self.recording:
            self._export.on_end(span)


_exporter = InMemorySpanExporter()
_switch = _WhileRecording(_exporter)
_provider: list[TracerProvider] = []


def _installed() -> None:
    """The run's one tracer provider, as a process's own is (sampler and all), made global on
    first use: OpenTelemetry lets a process set it once."""
    if not _provider:
        _provider.append(tracer_provider(SERVICE, _switch))
        trace.set_tracer_provider(_provider[0])


@contextmanager
def recorded_spans() -> Iterator[InMemorySpanExporter]:
    """Records every span ended inside the block, with psycopg and httpx instrumented as a
    process with tracing on has them; `get_finished_spans()` lists them, after the block too
    (until the next recording)."""
    _installed()
    _exporter.clear()
    instrument_libraries()
    _switch.recording = True
    try:
        yield _exporter
    finally:
        _switch.recording = False
        uninstrument_libraries()


def personal_data_of(child: Child, household: Household) -> tuple[str, ...]:
    """What must never appear in telemetry: the child's name and PINFL, the guardian's
    name and phone (the phone also as its digits alone)."""
    return (
        child.full_name,
        child.personal_id,
        household.guardian_name,
        household.guardian_phone,
        household.guardian_phone.lstrip("+"),
    )


def span_texts(span: ReadableSpan) -> Iterator[tuple[str, str]]:
    """Every text a span exports, each with where it is: its name, its attributes' keys and
    values, its events' and links' attributes, its status and its resource."""
    yield "name", span.name
    yield "status", span.status.description or ""
    sources: list[tuple[str, object]] = [("attribute", span.attributes)]
    sources += [(f"event {e.name}", e.attributes) for e in span.events]
    sources += [("link", link.attributes) for link in span.links]
    sources.append(("resource", span.resource.attributes))
    for where, attributes in sources:
        for key, value in dict(attributes or {}).items():  # type: ignore[call-overload]
            yield f"{where} {key}", f"{key}={value}"


def personal_data_in(spans: Sequence[ReadableSpan], needles: Iterable[str]) -> list[str]:
    """Where each of `needles` appears in the spans, as 'span <name>: <where> holds <needle>'
    (case-insensitive, also URL-encoded or JSON-escaped); empty when none does."""
    return personal_data_in_texts(((span.name, span_texts(span)) for span in spans), needles)


def personal_data_in_texts(
    spans: Iterable[tuple[str, Iterable[tuple[str, str]]]], needles: Iterable[str]
) -> list[str]:
    """As `personal_data_in`, over each span's name and its texts with where each is (for
    spans not held as the SDK's, such as those a collector received)."""
    found = []
    wanted = [n for n in needles if n]
    for name, texts in spans:
        for where, text in texts:
            found += [f"span {name!r}: {where} holds {n!r}" for n in wanted if _holds(text, n)]
    return found


def _holds(text: str, needle: str) -> bool:
    """Whether `text` holds `needle` as it is or as a URL or JSON would write it."""
    shapes = {needle, quote(needle), quote_plus(needle), json.dumps(needle)[1:-1]}
    return any(shape.lower() in text.lower() for shape in shapes)
