"""With BAXT_OTLP_ENDPOINT set, a process sends its spans over OTLP/HTTP to the collector's
`/v1/traces`, under its service name, by the time it exits; with none set, it sends nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from tests.otlp import collector

ROOT = Path(__file__).resolve().parents[2]
PROCESS = """
from opentelemetry import trace
from baxt.config import load_settings
from baxt.observability.tracing import WORKER, start_tracing
print(start_tracing(load_settings(), WORKER))
with trace.get_tracer("probe").start_as_current_span("probe work"):
    pass
"""


def _run(environment: dict[str, str]) -> str:
    quiet = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "BAXT_"))}
    env = quiet | {"PYTHONPATH": str(ROOT)} | environment
    done = subprocess.run(  # noqa: S603 - this interpreter, our own probe
        [sys.executable, "-c", PROCESS], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_process_sends_its_spans_to_the_configured_collector() -> None:
    with collector() as (url, received):
        assert _run({"BAXT_OTLP_ENDPOINT": url}) == "True"

    ((path, content_type, body),) = received
    assert (path, content_type) == ("/v1/traces", "application/x-protobuf")
    sent = ExportTraceServiceRequest.FromString(body)
    (resource_spans,) = sent.resource_spans
    resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
    assert resource["service.name"] == "baxt-worker"
    names = [span.name for scope in resource_spans.scope_spans for span in scope.spans]
    assert names == ["probe work"]


def test_a_process_without_an_endpoint_traces_nothing() -> None:
    with collector() as (_, received):
        assert _run({}) == "False"
    assert received == []
