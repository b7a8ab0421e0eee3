"""A span for each GraphQL operation, named by its type and name and nothing more.

Strawberry's own OpenTelemetryExtension records the whole document and every argument's
value, so a child's name or PINFL written in a query or passed to a resolver would land in
the trace; this one records neither."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode
from strawberry.extensions import SchemaExtension

OPERATION_TYPE = "graphql.operation.type"
OPERATION_NAME = "graphql.operation.name"
_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,99}$")
_tracer = trace.get_tracer(__name__)


class OperationSpans(SchemaExtension):
    """Runs each operation inside a span `<type> <name>` (`mutation FlagChild`), marked as an
    error when the answer holds errors; their messages are not recorded, since they may
    quote what was sent."""

    def on_operation(self) -> Iterator[None]:
        with _tracer.start_as_current_span("graphql operation") as span:
            yield
            kind, name = self._type_and_name()
            span.set_attribute(OPERATION_TYPE, kind)
            if name is not None:
                span.set_attribute(OPERATION_NAME, name)
            span.update_name(f"{kind} {name}" if name else kind)
            result = self.execution_context.result
            if result is not None and result.errors:
                span.set_status(Status(StatusCode.ERROR))

    def _type_and_name(self) -> tuple[str, str | None]:
        context = self.execution_context
        try:
            kind = context.operation_type.value
        except Exception:  # no document: it did not parse, or none was sent
            return "graphql", None
        name = context.operation_name
        return kind, name if name is not None and _NAME.match(name) else None
