"""A span for each command on the event store, named after the command and carrying the
case's ID (a UUID that reveals no one) and, when the command is refused, the error's code:
never its message, which may quote what was sent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from opentelemetry import trace
from opentelemetry.trace import Span, Status, StatusCode

from baxt.domain.errors import DomainError

COMMAND = "baxt.command"
CASE_ID = "baxt.case.id"
CASES = "baxt.cases"
ERROR_CODE = "baxt.error.code"
ERROR_TYPE = "error.type"
_tracer = trace.get_tracer(__name__)


@contextmanager
def command_span(name: str, case_id: UUID | None = None) -> Iterator[Span]:
    """Runs a command inside the span `command <name>`; a refusal records its code, any other
    error its type, and neither its text."""
    with _tracer.start_as_current_span(
        f"command {name}", record_exception=False, set_status_on_exception=False
    ) as span:
        span.set_attribute(COMMAND, name)
        if case_id is not None:
            span.set_attribute(CASE_ID, str(case_id))
        try:
            yield span
        except DomainError as refused:
            span.set_attribute(ERROR_CODE, refused.code)
            raise
        except Exception as error:
            span.set_attribute(ERROR_TYPE, type(error).__name__)
            span.set_status(Status(StatusCode.ERROR))
            raise
