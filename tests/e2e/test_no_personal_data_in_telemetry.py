"""No personal data in telemetry: `baxt serve` runs as operators run it (JSON logs, every
follower and the workers in process, its traces sent over OTLP to a collector), the five seed
stories are played through its API with staff on the roster to notify, and neither its log
lines, nor /metrics, nor any span it sent holds a name, a phone number or a PINFL of theirs."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, unquote_plus

import httpx
import pytest
from pydantic import SecretStr

from baxt import bootstrap
from baxt.application.access.principal import Role
from baxt.application.command_spans import COMMAND
from baxt.config import Settings
from baxt.devtools.demo import stories
from baxt.graphql.core.operation_spans import OPERATION_TYPE
from baxt.observability.tracing import API
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.e2e.seed_stories import personal_data, play_story
from tests.faults.processes import baxt_process
from tests.otlp import ExportedSpan, Post, collector, exported_spans, exported_texts
from tests.services import free_port
from tests.tracing import personal_data_in_texts

ROSTER = Path(__file__).parent.parent / "integration" / "roster.csv"
IMPORT = "mutation($csv: String!) { importRoster(input: {csv: $csv}) { rejected { line } } }"
STORIES = stories(date.today())
JWT_SECRET = "telemetry-test-jwt-secret-of-32-bytes!"
START_WITHIN = 120.0
"""How long `baxt serve` may take to answer /healthz, and its followers to catch up."""
STOP_WITHIN = 120.0
"""How long `baxt serve` may take to exit after SIGTERM."""
HELD_SPANS_MS = str(3_600_000)
"""The span batches' schedule: far longer than the test, so the spans still queued when the
process is told to stop reach the collector only if its exit flushes them."""
STORY_COMMANDS = {
    "flag_child",
    "record_contact_attempt",
    "record_visit",
    "record_consultation",
    "refer_case",
    "close_case",
}
"""The commands the stories run through the API (three of the five close their case)."""


@dataclass(frozen=True)
class Served:
    """A `baxt serve` process: its address, a caseworker's and an admin's tokens, its log,
    the process itself and what its collector received."""

    url: str
    caseworker: str
    admin: str
    log: Path
    process: subprocess.Popen[bytes]
    received: list[Post]

    def stop(self) -> int:
        """Stops the process as an operator does (SIGTERM); its exit status."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=STOP_WITHIN)


def roster_personal_data() -> set[str]:
    """The names, emails and phones of the staff on the tests' roster."""
    found: set[str] = set()
    for line in ROSTER.read_text(encoding="utf-8").splitlines()[1:]:
        _, name, _, email, phone, *_ = line.split(",")
        found |= {name, email, phone} - {""}
    return found


@pytest.fixture(scope="module")
def served(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("telemetry")
    with collector() as (otlp, received), scratch_database(admin_url) as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BAXT_BROKER", "OTEL_"))}
        env |= {
            "BAXT_OTLP_ENDPOINT": otlp,
            "OTEL_BSP_SCHEDULE_DELAY": HELD_SPANS_MS,
            "BAXT_DATABASE_URL": url,
            "BAXT_DATA_DIR": str(folder / "data"),
            "BAXT_JWT_SECRET": JWT_SECRET,
            "BAXT_LOG_FORMAT": "json",
            "BAXT_LOG_LEVEL": "DEBUG",
            "BAXT_RATE_LIMIT": "1000000/minute",
            "BAXT_READ_YOUR_WRITES_TIMEOUT": "10",
        }
        port = free_port()
        args = ("serve", "--port", str(port), "--projections", "--workers")
        with baxt_process(env, *args, log=folder / "serve.log") as process:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base)
            issuer = bootstrap.token_issuer(Settings(jwt_secret=SecretStr(JWT_SECRET)))
            mahallas = sorted({s.household.mahalla for s in STORIES})
            scope: dict[str, object] = {"mahallas": mahallas}
            caseworker = issuer.issue("aziza.caseworker", Role.CASEWORKER, hours=1, scope=scope)
            admin = issuer.issue("admin", Role.ADMIN, hours=1)
            yield Served(base, caseworker, admin, folder / "serve.log", process, received)


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + START_WITHIN
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "baxt serve did not start"
        time.sleep(0.2)


async def _caught_up(http: httpx.AsyncClient) -> None:
    deadline = time.monotonic() + START_WITHIN
    while (body := (await http.get("/readyz")).json()).get("lag", 1) != 0 or not body.get(
        "followers"
    ):
        assert time.monotonic() < deadline, f"the followers did not catch up: {body}"
        await asyncio.sleep(0.2)


def _log_lines(log: Path) -> list[dict[str, object]]:
    """The JSON log lines of the process (its command-line output is not JSON)."""
    lines = []
    for text in log.read_text(encoding="utf-8").splitlines():
        if text.startswith("{"):
            lines.append(json.loads(text))
    return lines


async def test_the_stories_leave_no_name_phone_or_pinfl_in_logs_metrics_or_spans(
    served: Served,
) -> None:
    async with httpx.AsyncClient(base_url=served.url, timeout=30) as http:
        await GraphQLClient(http, served.admin).execute(
            IMPORT, {"csv": ROSTER.read_text(encoding="utf-8")}
        )
        gql = GraphQLClient(http, served.caseworker)
        for story in STORIES:
            case = await play_story(gql, story)
            await gql.history(case["id"])
        await _mistakes_quoting_personal_data(http, gql)
        await _caught_up(http)
        metrics = (await http.get("/metrics")).text
    assert served.stop() == 0

    secrets = personal_data(STORIES) | roster_personal_data()
    logs = _readable(served.log.read_text(encoding="utf-8"))
    lines = _log_lines(served.log)
    assert any(line.get("logger") == "uvicorn.access" and "request_id" in line for line in lines)
    assert "baxt_graphql_request_duration_seconds_bucket" in metrics
    assert sorted(s for s in secrets if s.lower() in logs) == []
    assert sorted(s for s in secrets if s.lower() in _readable(metrics)) == []
    spans = exported_spans(served.received)
    _assert_the_stories_were_traced(spans)
    assert personal_data_in_texts(((s.span.name, exported_texts(s)) for s in spans), secrets) == []


def _assert_the_stories_were_traced(spans: list[ExportedSpan]) -> None:
    """The collector got the spans of the stories' mutations, under the API's name, and the
    span of the last request (GET /metrics), which only the flush at exit sends."""
    assert {s.attribute(COMMAND) for s in spans} >= STORY_COMMANDS
    assert any(s.attribute(OPERATION_TYPE) == "mutation" for s in spans)
    assert {s.service for s in spans} == {API}
    paths = {s.attribute("http.target") for s in spans} | {s.attribute("url.path") for s in spans}
    assert "/metrics" in paths


async def _mistakes_quoting_personal_data(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    """Requests that go wrong while quoting a child: neither what they quote nor the errors
    answered (which quote it back) may be logged."""
    story = STORIES[0]
    name, pinfl = story.child.full_name, story.child.personal_id
    flag = "mutation($input: FlagChildInput!) { flagChild(input: $input) { case { id } } }"
    child = {"personalId": pinfl, "fullName": name, "birthDate": "2020-01-01", "sex": "FEMALE"}
    place = {"guardianName": name, "guardianPhone": story.household.guardian_phone}
    await gql.post(flag, {"input": {"child": child, "household": place, "source": name}})
    await gql.post(
        f'{{ flagChild(input: {{child: {{personalId: "{pinfl}", fullName: "{name}"}}}}) }}'
    )
    await gql.post(f"{{ alias_{pinfl}: __typename {name.replace(' ', '')}: noSuchField }}")
    await http.get(
        "/graphql",
        params={
            "query": "query($id: ID!) { case(id: $id) { id } }",
            "variables": json.dumps({"id": name}),
        },
        headers={"authorization": f"Bearer {gql.token}", "accept": "application/json"},
    )
    await http.post("/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": pinfl})


def _readable(text: str) -> str:
    """The text, and again with its URL escapes and its JSON strings' escapes undone."""
    decoded = [
        json.dumps(json.loads(line), ensure_ascii=False)
        for line in text.splitlines()
        if line.startswith("{")
    ]
    return "\n".join([text, unquote_plus(text), unquote(text), *decoded]).lower()
