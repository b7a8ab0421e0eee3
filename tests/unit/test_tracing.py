"""Tracing is off until an OTLP endpoint is configured; spans name operations, commands and
messages, and hold no value a user sent: not in a document, an argument, a query string, a
header, nor a refused command's message."""

from __future__ import annotations

import pytest
import strawberry
from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from baxt.config import ConfigError, Settings, load_settings
from baxt.domain.errors import InvalidInput
from baxt.graphql.core.operation_spans import OperationSpans
from baxt.http.tracing import shown_scope
from baxt.observability.trace_ids import current_trace_id
from baxt.observability.tracing import otlp_exporter, tracer_provider
from tests.tracing import personal_data_in, personal_data_of, recorded_spans
from tests.unit.helpers import a_child, a_household, an_application, flag_child

CHILD, HOME = a_child(), a_household()
PERSONAL = personal_data_of(CHILD, HOME)


def test_tracing_is_off_without_an_otlp_endpoint() -> None:
    assert otlp_exporter(Settings(), environ={}) is None


def test_baxt_otlp_endpoint_sends_to_its_traces_path() -> None:
    exporter = otlp_exporter(Settings(otlp_endpoint="http://collector:4318/"), environ={})

    assert exporter is not None
    assert exporter._endpoint == "http://collector:4318/v1/traces"


@pytest.mark.parametrize(
    "variable", ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]
)
def test_the_standard_otlp_variables_turn_tracing_on(variable: str) -> None:
    assert otlp_exporter(Settings(), environ={variable: "http://collector:4318"}) is not None


def test_an_otlp_endpoint_that_is_not_http_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BAXT_OTLP_ENDPOINT", "grpc://collector:4317")

    with pytest.raises(ConfigError, match=r"^BAXT_OTLP_ENDPOINT: .*http"):
        load_settings()


def test_a_trace_starts_at_an_operation_never_at_a_lone_query() -> None:
    exporter = InMemorySpanExporter()
    tracer = tracer_provider("baxt-test", SimpleSpanProcessor(exporter)).get_tracer(__name__)

    with tracer.start_as_current_span("heartbeat", kind=SpanKind.CLIENT):
        pass
    with (
        tracer.start_as_current_span("POST /graphql", kind=SpanKind.SERVER),
        tracer.start_as_current_span("SELECT", kind=SpanKind.CLIENT),
    ):
        pass

    assert [s.name for s in exporter.get_finished_spans()] == ["SELECT", "POST /graphql"]


def test_the_trace_id_is_named_inside_a_trace_and_none_outside() -> None:
    assert current_trace_id() is None
    with recorded_spans(), trace.get_tracer(__name__).start_as_current_span("work") as span:
        assert current_trace_id() == f"{span.get_span_context().trace_id:032x}"


def test_a_request_s_span_sees_no_query_string_client_or_header_but_the_trace_s() -> None:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/graphql",
        "query_string": f"variables=%7B%22pinfl%22%3A%22{CHILD.personal_id}%22%7D".encode(),
        "client": ("10.1.2.3", 50000),
        "headers": [
            (b"host", b"baxt.example"),
            (b"authorization", b"Bearer secret-token"),
            (b"x-child", CHILD.full_name.encode()),
            (b"traceparent", b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
        ],
    }

    shown = shown_scope(scope)

    assert shown.pop("baxt.request_scope") is scope
    assert shown == {
        "type": "http",
        "method": "GET",
        "path": "/graphql",
        "query_string": b"",
        "headers": [
            (b"host", b"baxt.example"),
            (b"traceparent", b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
        ],
    }


@strawberry.type
class _Query:
    @strawberry.field
    def greet(self, name: str) -> str:
        return f"hello {name}"


_SCHEMA = strawberry.Schema(query=_Query, extensions=[OperationSpans])


async def test_an_operation_s_span_names_its_type_and_name_and_not_its_document() -> None:
    document = (
        "query Greet($pinfl: String!) { a: greet(name: $pinfl)"
        f' b: greet(name: "{CHILD.full_name}") }}'
    )

    with recorded_spans() as spans:
        result = await _SCHEMA.execute(document, variable_values={"pinfl": CHILD.personal_id})

    assert result.errors is None
    (span,) = spans.get_finished_spans()
    assert span.name == "query Greet"
    assert dict(span.attributes or {}) == {
        "graphql.operation.type": "query",
        "graphql.operation.name": "Greet",
    }
    assert personal_data_in([span], PERSONAL) == []


async def test_a_document_that_does_not_parse_is_an_error_span_that_quotes_nothing() -> None:
    with recorded_spans() as spans:
        result = await _SCHEMA.execute(f'{{ greet(name: "{CHILD.full_name}" }}')

    assert result.errors
    (span,) = spans.get_finished_spans()
    assert (span.name, span.status.status_code) == ("graphql", StatusCode.ERROR)
    assert personal_data_in([span], PERSONAL) == []


def test_a_command_s_span_names_it_and_its_case_and_a_refusal_only_by_its_code() -> None:
    app = an_application()
    case_id = flag_child(app, CHILD).case_id

    def refuse(_: object) -> None:
        raise InvalidInput(f"{CHILD.full_name} ({CHILD.personal_id}) cannot be changed so")

    with recorded_spans() as spans, pytest.raises(InvalidInput):
        app.change_case(case_id, refuse, name="record_visit")

    (span,) = spans.get_finished_spans()
    assert span.name == "command record_visit"
    assert dict(span.attributes or {}) == {
        "baxt.command": "record_visit",
        "baxt.case.id": str(case_id),
        "baxt.error.code": "INVALID_INPUT",
    }
    assert span.events == ()
    assert personal_data_in([span], PERSONAL) == []


def test_a_flag_s_span_names_the_case_it_opened() -> None:
    app = an_application()

    with recorded_spans() as spans:
        saved = flag_child(app, CHILD)

    (span,) = spans.get_finished_spans()
    assert span.name == "command flag_child"
    assert dict(span.attributes or {}) == {
        "baxt.command": "flag_child",
        "baxt.case.id": str(saved.case_id),
    }
