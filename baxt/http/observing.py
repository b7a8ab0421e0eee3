"""The pure ASGI middleware that sees every request: it gives the request an ID (the
client's `X-Request-ID` when it is a sane token, else a fresh one), binds it to every log line
written while the request runs, answers it back in the `X-Request-ID` header, and counts the
request, its latency and its error codes."""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass, field

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from baxt.graphql.core.observed import Observation, error_codes, observing
from baxt.http.metric_labels import (
    NOT_RUN,
    OperationLabels,
    code_label,
    method_label,
    route_label,
)
from baxt.http.metrics import ERRORS, GRAPHQL_SECONDS, HTTP_REQUESTS
from baxt.logs import bound_log_context

REQUEST_ID_HEADER = "x-request-id"
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
_BARE_NUMBER = re.compile(r"^[0-9+]+$")
_ERROR_BODY_BYTES = 65_536


def request_id(given: str | None) -> str:
    """The client's request ID when it is a short token of letters, digits and `._:-`, and
    not a bare number (which could be a PINFL or a phone); else a fresh UUID."""
    if given and _SANE_REQUEST_ID.match(given) and not _BARE_NUMBER.match(given):
        return given
    return str(uuid.uuid4())


@dataclass
class _Answer:
    """What the middleware saw of the response: its status, and a refusal's JSON body."""

    status: int = 500
    keep_body: bool = False
    body: bytearray = field(default_factory=bytearray)

    def started(self, message: Message) -> None:
        self.status = int(message["status"])
        content_type = Headers(raw=message.get("headers", [])).get("content-type", "")
        self.keep_body = self.status >= 400 and "json" in content_type

    def sent(self, message: Message) -> None:
        if self.keep_body and len(self.body) < _ERROR_BODY_BYTES:
            self.body.extend(message.get("body", b""))

    def refusal_codes(self) -> list[tuple[str, object]]:
        try:
            parsed = json.loads(bytes(self.body))
        except ValueError:
            return []
        return error_codes(parsed.get("errors") if isinstance(parsed, dict) else None)


class ObservedRequests:
    """Gives each HTTP request its ID and counts it (see the module)."""

    def __init__(self, app: ASGIApp, labels: OperationLabels) -> None:
        self._app = app
        self._labels = labels

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        given = Headers(scope=scope).get(REQUEST_ID_HEADER)
        rid = request_id(given)
        answer = _Answer()

        async def observed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer.started(message)
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = rid
            elif message["type"] == "http.response.body":
                answer.sent(message)
            await send(message)

        started = time.perf_counter()
        with bound_log_context(request_id=rid), observing() as observation:
            try:
                await self._app(scope, receive, observed_send)
            finally:
                self._count(scope, observation, answer, time.perf_counter() - started)

    def _count(
        self, scope: Scope, observation: Observation, answer: _Answer, seconds: float
    ) -> None:
        route = route_label(scope["path"])
        HTTP_REQUESTS.labels(route, method_label(scope["method"]), str(answer.status)).inc()
        codes = observation.codes
        if codes is None:
            codes = answer.refusal_codes() if answer.keep_body else []
        for kind, code in codes:
            ERRORS.labels(code_label(code), kind).inc()
        if route == "/graphql":
            operation, root = NOT_RUN, NOT_RUN
            if observation.executed:
                operation = self._labels.operation(observation.operation_name)
                root = self._labels.root_field(observation.root_field)
            GRAPHQL_SECONDS.labels(operation, root).observe(seconds)
