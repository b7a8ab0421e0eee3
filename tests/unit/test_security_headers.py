"""SecurityHeaders: what a page may load, and which responses may be kept by a cache."""

from __future__ import annotations

from typing import Any

from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.types import Message

from baxt.http.ide.assets import IMMUTABLE
from baxt.http.middleware import PAGE_CONTENT_POLICY, SecurityHeaders


async def _headers(response: Response) -> dict[str, str]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: dict[str, Any] = {"type": "http", "method": "GET", "path": "/", "headers": []}
    await SecurityHeaders(response)(scope, receive, send)
    return {name.decode(): value.decode() for name, value in sent[0]["headers"]}


async def test_an_html_page_may_load_only_its_own_servers_files() -> None:
    headers = await _headers(HTMLResponse("<p>page</p>"))

    assert headers["content-security-policy"] == PAGE_CONTENT_POLICY
    assert headers["cache-control"] == "no-store"


async def test_a_response_that_declares_itself_immutable_may_be_cached() -> None:
    headers = await _headers(PlainTextResponse("x", headers={"cache-control": IMMUTABLE}))

    assert headers["cache-control"] == IMMUTABLE
    assert headers["content-security-policy"].startswith("default-src 'none'")


async def test_any_other_cache_lifetime_is_replaced_by_no_store() -> None:
    headers = await _headers(PlainTextResponse("x", headers={"cache-control": "max-age=60"}))

    assert headers["cache-control"] == "no-store"
