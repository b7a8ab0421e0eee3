"""The small parts of the API's guards: coded limits, hidden suggestions, the time limit,
the rate limiter, the body limit and the settings that choose them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
import strawberry
from starlette.types import Message

from baxt.config import ConfigError, load_settings
from baxt.graphql.core.errors import ErrorCodes, without_suggestions
from baxt.graphql.core.limits import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, limit_extensions
from baxt.graphql.core.timeout import TimeLimitedSchema
from baxt.http.middleware import LimitedBody, SecurityHeaders
from baxt.http.rate_limit import RateLimiter


@strawberry.type(name="Tree")
class _Node:
    name: str = "n"

    @strawberry.field
    def child(self) -> _Node:
        return _Node()


_never = anyio.Event()


@strawberry.type(name="Query")
class _Query:
    @strawberry.field
    def root(self) -> _Node:
        return _Node()

    @strawberry.field
    async def stuck(self) -> int:
        await _never.wait()
        return 1


def _schema(*, production: bool, timeout: float | None = None) -> TimeLimitedSchema:
    built = TimeLimitedSchema(
        query=_Query,
        extensions=[
            lambda: ErrorCodes(hide_suggestions=production),
            *limit_extensions(introspection=not production),
        ],
    )
    built.timeout = timeout
    return built


_DEVELOPMENT = _schema(production=False)
_PRODUCTION = _schema(production=True)


def _codes(schema: strawberry.Schema, query: str) -> list[str]:
    result = schema.execute_sync(query)
    assert result.data is None
    return [(e.extensions or {})["code"] for e in result.errors or []]


def _nested(depth: int) -> str:
    return "{ root { " + "child { " * (depth - 1) + "name" + " }" * depth + " }"


def test_a_query_at_the_depth_limit_runs() -> None:
    assert _DEVELOPMENT.execute_sync(_nested(MAX_DEPTH)).errors is None


def test_a_query_past_the_depth_limit_is_refused_as_too_deep() -> None:
    assert _codes(_DEVELOPMENT, _nested(MAX_DEPTH + 1)) == ["QUERY_TOO_DEEP"]


def test_aliases_past_the_limit_are_refused_even_through_fragments() -> None:
    aliases = " ".join(f"a{n}: name" for n in range(MAX_ALIASES + 1))
    query = f"{{ root {{ ...F }} }} fragment F on Tree {{ {aliases} }}"

    assert _codes(_DEVELOPMENT, query) == ["TOO_MANY_ALIASES"]


def test_a_document_past_the_token_limit_is_refused_unparsed() -> None:
    query = "{ " + "root { name } " * (MAX_TOKENS // 4 + 1) + "}"

    assert _codes(_DEVELOPMENT, query) == ["TOO_MANY_TOKENS"]


def test_production_refuses_introspection_and_development_answers_it() -> None:
    query = "{ __schema { queryType { name } } }"

    assert set(_codes(_PRODUCTION, query)) == {"INTROSPECTION_DISABLED"}
    assert _DEVELOPMENT.execute_sync(query).errors is None


def test_production_still_answers_typename() -> None:
    assert _PRODUCTION.execute_sync("{ __typename }").data == {"__typename": "Query"}


def test_production_hides_the_names_it_would_suggest() -> None:
    query = "{ rot { name } }"

    shown = _PRODUCTION.execute_sync(query).errors
    hinted = _DEVELOPMENT.execute_sync(query).errors

    assert shown is not None
    assert hinted is not None
    assert shown[0].message == "Cannot query field 'rot' on type 'Query'."
    assert "Did you mean 'root'?" in hinted[0].message


@pytest.mark.parametrize(
    ("message", "bare"),
    [
        (
            "Cannot query field 'caes' on type 'Query'. Did you mean 'case' or 'cases'?",
            "Cannot query field 'caes' on type 'Query'.",
        ),
        (
            "Value 'CASEWORKR' does not exist in 'Role' enum. Did you mean the enum value"
            " 'CASEWORKER'?",
            "Value 'CASEWORKR' does not exist in 'Role' enum.",
        ),
        (
            "Variable '$input' got invalid value {'nme': 'x'}; Field 'nme' is not defined by"
            " type 'In'. Did you mean 'name'?",
            "Variable '$input' got invalid value {'nme': 'x'}; Field 'nme' is not defined by"
            " type 'In'.",
        ),
        (
            "Unknown argument 'x' on field 'Query.cases'.",
            "Unknown argument 'x' on field 'Query.cases'.",
        ),
    ],
)
def test_suggestions_are_cut_from_messages(message: str, bare: str) -> None:
    assert without_suggestions(message) == bare


async def test_an_operation_past_its_time_is_answered_timeout() -> None:
    result = await _schema(production=True, timeout=0.01).execute("{ stuck }")

    assert result.data is None
    assert [(e.extensions or {})["code"] for e in result.errors or []] == ["TIMEOUT"]


async def test_an_operation_within_its_time_is_answered() -> None:
    result = await _schema(production=True, timeout=30).execute("{ root { name } }")

    assert result.errors is None
    assert result.data == {"root": {"name": "n"}}


async def test_a_caller_past_the_limit_is_told_when_to_retry_while_others_go_on() -> None:
    limiter = RateLimiter("2/minute")

    first, second, third = [await limiter.retry_after("user:aziza") for _ in range(3)]
    other = await limiter.retry_after("user:bobur")

    assert (first, second, other) == (None, None, None)
    assert third is not None
    assert 1 <= third <= 60


class _Echo:
    """An ASGI app that answers 200 with the body it was given."""

    def __init__(self) -> None:
        self.called = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.called = True
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})


async def _call(app: Any, chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> list[Message]:
    incoming: Iterator[Message] = iter(
        [
            {"type": "http.request", "body": chunk, "more_body": n < len(chunks) - 1}
            for n, chunk in enumerate(chunks)
        ]
    )
    sent: list[Message] = []

    async def receive() -> Message:
        return next(incoming, {"type": "http.disconnect"})

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": headers}
    await app(scope, receive, send)
    return sent


async def test_a_body_within_the_limit_reaches_the_app_whole() -> None:
    echo = _Echo()

    sent = await _call(LimitedBody(echo, max_bytes=10), [b"12345", b"67890"], [])

    assert sent[0]["status"] == 200
    assert sent[1]["body"] == b"1234567890"


async def test_a_streamed_body_past_the_limit_never_reaches_the_app() -> None:
    echo = _Echo()

    sent = await _call(LimitedBody(echo, max_bytes=10), [b"123456", b"789012"], [])

    assert not echo.called
    assert sent[0]["status"] == 413
    assert b"REQUEST_TOO_LARGE" in sent[1]["body"]


async def test_a_declared_length_past_the_limit_is_refused_unread() -> None:
    echo = _Echo()
    declared = [(b"content-length", b"5000000")]

    sent = await _call(LimitedBody(echo, max_bytes=10), [b"x" * 100], declared)

    assert not echo.called
    assert sent[0]["status"] == 413


async def test_every_response_is_marked_no_store_and_nosniff() -> None:
    sent = await _call(SecurityHeaders(_Echo()), [b"{}"], [])

    headers = dict(sent[0]["headers"])
    assert headers[b"cache-control"] == b"no-store"
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"content-security-policy"].startswith(b"default-src 'none'")


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in [n for n in os.environ if n.startswith("BAXT_")]:
        monkeypatch.delenv(name)
    return monkeypatch


def test_the_defaults_are_development_with_limits(environment: pytest.MonkeyPatch) -> None:
    settings = load_settings()

    assert not settings.production
    assert (settings.max_request_bytes, settings.request_timeout_seconds) == (100_000, 30.0)
    assert (settings.rate_limit, settings.rate_limit_storage) == ("300/minute", "memory://")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BAXT_ENVIRONMENT", "staging"),
        ("BAXT_RATE_LIMIT", "lots"),
        ("BAXT_RATE_LIMIT_STORAGE", "memcached://cache:11211"),
        ("BAXT_REQUEST_TIMEOUT_SECONDS", "0"),
    ],
)
def test_a_bad_setting_is_named_in_one_line(
    environment: pytest.MonkeyPatch, name: str, value: str
) -> None:
    environment.setenv(name, value)

    with pytest.raises(ConfigError, match=f"^{name}:"):
        load_settings()
