"""A request to the API is one trace: the server span, the GraphQL operation inside it, the
command inside that and the SQL statements of each, and none of them holds the child's or
the guardian's personal data, whether it came in the body, a query string or a header."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from uuid import UUID

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from baxt.config import Settings
from baxt.graphql.cases.ids import case_uuid
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import child_input, flag_child, household_input
from tests.serving import RunningServer, running_api
from tests.tracing import personal_data_in, personal_data_of, recorded_spans

SPANS_WITHIN = 30.0
SEARCH = "query FindChild($search: String) { cases(filter: {search: $search}) { totalCount } }"
KID, HOME = child(name="Zarina Tursunova"), household()
_caller = trace.get_tracer(__name__)


@pytest.fixture
def traced(
    fresh_database_url: str, tmp_path: Path
) -> Iterator[tuple[RunningServer, InMemorySpanExporter]]:
    """An API of its own, started while spans are recorded, so its connections are traced."""
    settings = Settings(database_url=fresh_database_url, data_dir=tmp_path)
    with recorded_spans() as spans, running_api(settings) as server:
        yield server, spans


def _spans_once(
    spans: InMemorySpanExporter, enough: Callable[[Sequence[ReadableSpan]], bool]
) -> Sequence[ReadableSpan]:
    """The spans, once `enough` holds of them: a server span ends just after its answer."""
    deadline = time.monotonic() + SPANS_WITHIN
    while not enough(found := spans.get_finished_spans()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def _servers(spans: Sequence[ReadableSpan]) -> list[ReadableSpan]:
    return [s for s in spans if s.kind is SpanKind.SERVER]


def _ancestors(span: ReadableSpan, spans: Sequence[ReadableSpan]) -> list[ReadableSpan]:
    by_id = {s.context.span_id: s for s in spans if s.context is not None}
    found, parent = [], span.parent
    while parent is not None and parent.span_id in by_id:
        found.append(by_id[parent.span_id])
        parent = found[-1].parent
    return found


async def _flag_and_search(server: RunningServer) -> UUID:
    """Flags KID at HOME, then searches for her by name in a GET's query string, sending her
    PINFL in a header, as a caller inside a trace of its own (its client spans sampled)."""
    with _caller.start_as_current_span("caller"):
        return await _flag_and_search_sending(server)


async def _flag_and_search_sending(server: RunningServer) -> UUID:
    async with server.http() as http:
        gql = GraphQLClient(http, server.token())
        payload = await flag_child(
            gql, child=child_input(KID), household=household_input(HOME), source="MAHALLA_TEAM"
        )
        assert payload["userErrors"] == []
        answer = await http.get(
            "/graphql",
            params={"query": SEARCH, "variables": json.dumps({"search": KID.full_name})},
            headers={"Authorization": f"Bearer {gql.token}", "X-Child": KID.personal_id},
        )
        assert answer.status_code == 200, answer.text
    return case_uuid(payload["case"]["id"])


async def test_a_flag_is_one_trace_of_its_request_operation_command_and_statements(
    traced: tuple[RunningServer, InMemorySpanExporter],
) -> None:
    server, recorded = traced
    case_id = await _flag_and_search(server)
    spans = _spans_once(recorded, lambda found: len(_servers(found)) >= 2)

    caller = next(s for s in spans if s.name == "caller")
    post = next(s for s in _servers(spans) if (s.attributes or {}).get("http.method") == "POST")
    operation = next(s for s in spans if s.name == "mutation")
    command = next(s for s in spans if s.name == "command flag_child")
    assert caller in _ancestors(post, spans), "the server span does not continue the caller's"
    assert operation.parent is not None
    assert post.context is not None
    assert operation.parent.span_id == post.context.span_id
    assert operation in _ancestors(command, spans)
    assert dict(command.attributes or {}) == {
        "baxt.command": "flag_child",
        "baxt.case.id": str(case_id),
    }
    clients = [s for s in spans if s.kind is SpanKind.CLIENT]
    statements = [s for s in clients if operation in _ancestors(s, spans)]
    assert any(command in _ancestors(s, spans) for s in statements), "no statement of the command"
    assert any(command not in _ancestors(s, spans) for s in statements), "no read of the request"
    assert all(s.attributes and s.attributes["db.system"] == "postgresql" for s in statements)


async def test_no_span_holds_the_child_s_or_guardian_s_personal_data(
    traced: tuple[RunningServer, InMemorySpanExporter],
) -> None:
    server, recorded = traced
    await _flag_and_search(server)
    spans = _spans_once(recorded, lambda found: len(_servers(found)) >= 2)

    search = next(s for s in spans if s.name == "query FindChild")
    assert dict(search.attributes or {}) == {
        "graphql.operation.type": "query",
        "graphql.operation.name": "FindChild",
    }
    assert len(spans) > 10
    assert personal_data_in(spans, personal_data_of(KID, HOME)) == []
