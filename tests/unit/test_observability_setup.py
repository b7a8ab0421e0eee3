"""The log format and the metrics token, each checked without a database."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.routing import Route

from baxt.application.backlog import BacklogReader
from baxt.application.followers.readiness import FollowerReadiness
from baxt.http.metrics import metrics_endpoint

_LOG_A_LINE = """
import logging
from baxt.logs import bound_log_context, configure_logging
configure_logging("INFO", "json")
with bound_log_context(request_id="req-1", trace_id="abc"):
    logging.getLogger("baxt.example").info("planned %d visits", 3)
"""


_LOG_IN_A_TRACE = """
import logging
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from baxt.logs import configure_logging
configure_logging("INFO", "json")
with TracerProvider().get_tracer("test").start_as_current_span("request") as span:
    print(trace.format_trace_id(span.get_span_context().trace_id))
    logging.getLogger("baxt.example").info("inside")
logging.getLogger("baxt.example").info("outside")
"""


def test_a_line_written_inside_a_trace_names_it_and_one_outside_does_not() -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", _LOG_IN_A_TRACE], capture_output=True, text=True, check=True
    )

    inside, outside = (json.loads(line) for line in done.stderr.strip().splitlines())
    assert inside["trace_id"] == done.stdout.strip()
    assert "trace_id" not in outside


def test_a_standard_logger_writes_one_json_object_with_the_bound_ids() -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", _LOG_A_LINE], capture_output=True, text=True, check=True
    )

    line = json.loads(done.stderr.strip())
    assert {k: line[k] for k in ("event", "level", "logger", "request_id", "trace_id")} == {
        "event": "planned 3 visits",
        "level": "info",
        "logger": "baxt.example",
        "request_id": "req-1",
        "trace_id": "abc",
    }
    assert line["timestamp"].endswith("Z")


def _app(token: str | None) -> Starlette:
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool("postgresql://", open=False)
    endpoint = metrics_endpoint(FollowerReadiness(pool), BacklogReader(pool), token=token)
    return Starlette(routes=[Route("/metrics", endpoint)])


async def test_with_a_token_metrics_answer_only_its_bearer() -> None:
    transport = httpx.ASGITransport(app=_app("scrape-me"))
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        refused = await client.get("/metrics")
        wrong = await client.get("/metrics", headers={"authorization": "Bearer nope"})
        scraped = await client.get("/metrics", headers={"authorization": "Bearer scrape-me"})

    assert (refused.status_code, wrong.status_code) == (401, 401)
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    families = {f.name: f for f in text_string_to_metric_families(scraped.text)}
    assert families["baxt_metrics_database_up"].samples[0].value == 0
