"""The bearer check decides on the parsed request: only a browser's GET naming no operation,
outside production, reaches the API without a token."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.datastructures import QueryParams
from starlette.types import Message, Receive, Scope, Send

from baxt.application.access.principal import Role
from baxt.http.bearer import BearerAuth, is_ide_page_request, request_principal
from baxt.http.local_issuer import LocalIssuer

ISSUER = LocalIssuer(b"unit-test-secret-of-thirty-two-bytes")
HTML = "text/html,application/xhtml+xml"


class _Seen:
    """An ASGI app that remembers whether it was called and with whom."""

    def __init__(self) -> None:
        self.called = False
        self.principal: object = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.called = True
        self.principal = request_principal(scope)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def _call(
    query_string: bytes,
    *,
    method: str = "GET",
    accept: str = HTML,
    token: str | None = None,
    ide_page: bool = True,
    kind: str = "http",
) -> tuple[_Seen, list[Message]]:
    app = _Seen()
    headers = [(b"accept", accept.encode())]
    if token is not None:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope: dict[str, Any] = {
        "type": kind,
        "method": method,
        "path": "/graphql",
        "query_string": query_string,
        "headers": headers,
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await BearerAuth(app, ISSUER, ide_page=ide_page)(scope, receive, send)
    return app, sent


@pytest.mark.parametrize(
    "query_string",
    [
        b"query={organisations{id}}",
        b"%71uery={organisations{id name}}",
        b"q%75ery=%7Borganisations%7Bid%7D%7D",
        b"query=",
        b"query",
        b"a=1&query={organisations{id}}",
        b"query=&query={organisations{id}}",
        b"extensions={}",
        b"operationName=Q",
        b"variables={}",
        b"documentId=sha256:" + b"a" * 64,
    ],
    ids=[
        "plain",
        "percent-encoded-name",
        "percent-encoded-inside",
        "empty-value",
        "bare-name",
        "second-param",
        "repeated",
        "extensions",
        "operation-name",
        "variables",
        "document-id",
    ],
)
async def test_a_get_naming_an_operation_needs_a_token_even_from_a_browser(
    query_string: bytes,
) -> None:
    app, sent = await _call(query_string)

    assert not app.called
    assert sent[0]["status"] == 401


async def test_a_semicolon_does_not_split_parameters_for_either_side() -> None:
    app, sent = await _call(b"a=1;query={organisations{id}}")

    assert "query" not in QueryParams(b"a=1;query={organisations{id}}")
    assert app.called
    assert app.principal is None
    assert sent[0]["status"] == 200


async def test_a_browser_s_plain_get_is_the_page_and_needs_no_token() -> None:
    app, _ = await _call(b"")

    assert app.called
    assert app.principal is None


async def test_in_production_even_the_page_needs_a_token() -> None:
    app, sent = await _call(b"", ide_page=False)

    assert not app.called
    assert sent[0]["status"] == 401


@pytest.mark.parametrize("accept", ["*/*", "application/json", ""])
async def test_a_get_that_does_not_ask_for_html_needs_a_token(accept: str) -> None:
    app, sent = await _call(b"", accept=accept)

    assert not app.called
    assert sent[0]["status"] == 401


async def test_a_post_that_asks_for_html_needs_a_token() -> None:
    app, sent = await _call(b"", method="POST")

    assert not app.called
    assert sent[0]["status"] == 401


async def test_a_valid_token_lets_the_request_through_with_its_principal() -> None:
    token = ISSUER.issue("aziza", Role.CASEWORKER, hours=1)

    app, _ = await _call(b"query={organisations{id}}", token=token)

    assert app.called
    assert getattr(app.principal, "user", None) == "aziza"


async def test_a_websocket_without_a_header_is_let_through_to_bring_its_token_in_the_protocol() -> (
    None
):
    app, _ = await _call(b"", kind="websocket")

    assert app.called
    assert app.principal is None


async def test_a_websocket_with_a_token_that_is_not_valid_is_closed_before_it_opens() -> None:
    app, sent = await _call(b"", kind="websocket", token="not-a-token")

    assert not app.called
    assert sent == [{"type": "websocket.close", "code": 1008}]


@pytest.mark.parametrize(
    ("method", "parameters", "accept", "page"),
    [
        ("GET", [], "text/html", True),
        ("GET", [], "TEXT/HTML", True),
        ("GET", ["debug"], "text/html", True),
        ("GET", ["query"], "text/html", False),
        ("GET", ["operationName"], "text/html", False),
        ("HEAD", [], "text/html", False),
        ("GET", [], "*/*", False),
    ],
)
def test_which_requests_ask_for_the_ide_page(
    method: str, parameters: list[str], accept: str, page: bool
) -> None:
    assert is_ide_page_request(method, parameters, accept) is page
