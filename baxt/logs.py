"""The process's log lines: JSON (or readable text for a person at a terminal) through
structlog, every standard `logging` logger included, each line carrying the values bound to
the running request (its `request_id`, and a `trace_id` when tracing binds one)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeAlias

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from baxt.observability.trace_ids import current_trace_id

LogFormat: TypeAlias = Literal["json", "console"]

ACCESS_LOGGER = "uvicorn.access"
"""The server's own line per request: client, method, path (never its query) and status."""
GRAPHQL_ERROR_LOGGER = "strawberry.execution"
"""Where the GraphQL library writes each error of a request (without its text, see below)."""


def default_format() -> LogFormat:
    """Readable text when a person watches the terminal, JSON everywhere else."""
    return "console" if sys.stderr.isatty() else "json"


def configure_logging(level: str = "INFO", log_format: LogFormat | None = None) -> None:
    """Sends every log line of the process, structlog's and the standard library's, to
    stderr as one JSON object (or a console line) with its timestamp, level, logger and
    event, and whatever `bind_log_context` has bound."""
    chosen = log_format or default_format()
    shared = _shared_processors()
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *_renderers(chosen),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    _quiet_client_text()


def bind_log_context(**values: Any) -> None:
    """Adds `values` to every log line written from here on in this context (this request's
    task, and the threads it hands work to)."""
    structlog.contextvars.bind_contextvars(**values)


@contextmanager
def bound_log_context(**values: Any) -> Iterator[None]:
    """Adds `values` to every log line written inside the block, and takes them off after."""
    with structlog.contextvars.bound_contextvars(**values):
        yield


def with_trace_id(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Names the trace a line is written in, when it is written inside a sampled one."""
    if "trace_id" not in event_dict and (trace_id := current_trace_id()) is not None:
        event_dict["trace_id"] = trace_id
    return event_dict


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        with_trace_id,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.StackInfoRenderer(),
    ]


def _renderers(log_format: LogFormat) -> list[Processor]:
    if log_format == "console":
        return [structlog.dev.ConsoleRenderer(colors=False)]
    return [structlog.processors.format_exc_info, _text_event, structlog.processors.JSONRenderer()]


def _text_event(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    event_dict["event"] = str(event_dict.get("event", ""))
    return event_dict


class _PathWithoutQuery(logging.Filter):
    """Cuts the query string off the access line's path: a GET request's query string holds
    the GraphQL variables, which may be a child's name or PINFL."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].partition("?")[0], args[3], args[4])
        return True


class _GraphQLErrorWithoutText(logging.Filter):
    """Keeps only the kind of a GraphQL error the library logs: its message, the document
    around it, its path (aliases are the client's words) and the traceback of its cause all
    may quote what the client sent. An unexpected error is logged, with its traceback, where
    it is masked (`baxt.graphql.core.errors`); the request ID ties the two lines together."""

    def filter(self, record: logging.LogRecord) -> bool:
        cause = getattr(record.msg, "original_error", None)
        record.msg = "a GraphQL error was answered (%s)"
        record.args = (type(cause).__name__ if cause is not None else "GraphQLError",)
        record.exc_info = None
        record.exc_text = None
        return True


def _quiet_client_text() -> None:
    for name, kind in (
        (ACCESS_LOGGER, _PathWithoutQuery),
        (GRAPHQL_ERROR_LOGGER, _GraphQLErrorWithoutText),
    ):
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
