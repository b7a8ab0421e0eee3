"""The trace a line of code runs in, named without starting any tracing."""

from __future__ import annotations

from opentelemetry import trace


def current_trace_id() -> str | None:
    """The ID of the trace the caller runs in, as 32 hex digits, for a log line to name; None
    outside a sampled trace."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid or not context.trace_flags.sampled:
        return None
    return trace.format_trace_id(context.trace_id)
