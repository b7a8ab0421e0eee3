"""Persisted documents over real HTTP: automatic persisted queries on the shared server, and
trusted documents on a production server of its own whose manifest lists two documents.

A start with a bad manifest is `baxt serve` itself, refusing with one line before it reaches
for the database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from baxt.config import Settings
from baxt.graphql.core.negotiation import GRAPHQL_RESPONSE
from baxt.graphql.core.persisted import document_id
from tests.database import scratch_database
from tests.serving import RunningServer, running_api

STATUSES = 'query Statuses { labels(language: EN, enum: "CaseStatus") { value } }'
TYPENAME = "query Typename { __typename }"
UNLISTED = "query Unlisted { __typename }"
RESPONSE_JSON = {"accept": GRAPHQL_RESPONSE}


def _persisted(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": document_id(text)}}


def _fresh_query() -> str:
    """A document no earlier request sent, so that no server knows its hash yet."""
    return f"query Fresh{uuid.uuid4().hex} {{ __typename }}"


def _codes(response: httpx.Response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json()["errors"]]


async def _post(
    http: httpx.AsyncClient, token: str, body: dict[str, Any], **headers: str
) -> httpx.Response:
    sent = {"authorization": f"Bearer {token}", **headers}
    return await http.post("/graphql", json=body, headers=sent)


@pytest.fixture
def token(server: RunningServer) -> str:
    return server.token("persisted.client")


async def test_a_hash_the_server_does_not_know_is_persisted_query_not_found(
    http: httpx.AsyncClient, token: str
) -> None:
    answer = await _post(http, token, {"extensions": _persisted(_fresh_query())})

    assert answer.status_code == 200
    assert answer.json()["data"] is None
    assert answer.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert _codes(answer) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_a_miss_then_the_text_with_its_hash_then_the_hash_alone_runs(
    http: httpx.AsyncClient, token: str
) -> None:
    query = _fresh_query()
    by_hash = {"extensions": _persisted(query)}

    missed = await _post(http, token, by_hash)
    registered = await _post(http, token, {"query": query, **by_hash})
    hit = await _post(http, token, by_hash)

    assert _codes(missed) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert registered.json() == {"data": {"__typename": "Query"}}
    assert hit.json() == {"data": {"__typename": "Query"}}


async def test_a_known_hash_runs_by_get_with_only_the_extensions_parameter(
    http: httpx.AsyncClient, token: str
) -> None:
    query = _fresh_query()
    await _post(http, token, {"query": query, "extensions": _persisted(query)})
    params = {"extensions": json.dumps(_persisted(query))}

    answer = await http.get("/graphql", params=params, headers={"authorization": f"Bearer {token}"})

    assert answer.status_code == 200
    assert answer.json() == {"data": {"__typename": "Query"}}


async def test_a_hash_that_is_not_the_texts_is_refused_and_not_remembered(
    http: httpx.AsyncClient, token: str
) -> None:
    query = _fresh_query()
    lying = {"query": TYPENAME, "extensions": _persisted(query)}

    refused = await _post(http, token, lying)
    after = await _post(http, token, {"extensions": _persisted(query)})

    assert refused.status_code == 200
    assert refused.json()["data"] is None
    assert _codes(refused) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    assert _codes(after) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_a_refused_persisted_query_is_400_without_data_in_graphql_response_json(
    http: httpx.AsyncClient, token: str
) -> None:
    answer = await _post(http, token, {"extensions": _persisted(_fresh_query())}, **RESPONSE_JSON)

    assert answer.status_code == 400
    assert "data" not in answer.json()
    assert _codes(answer) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_a_document_that_does_not_validate_is_not_remembered(
    http: httpx.AsyncClient, token: str
) -> None:
    query = f"query Invalid{uuid.uuid4().hex} {{ noSuchField }}"

    first = await _post(http, token, {"query": query, "extensions": _persisted(query)})
    again = await _post(http, token, {"extensions": _persisted(query)})

    assert _codes(first) == ["GRAPHQL_VALIDATION_FAILED"]
    assert _codes(again) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_a_known_document_runs_by_get_with_a_document_id(
    http: httpx.AsyncClient, token: str
) -> None:
    query = _fresh_query()
    await _post(http, token, {"query": query, "extensions": _persisted(query)})
    params = {"documentId": f"sha256:{document_id(query)}"}

    answer = await http.get("/graphql", params=params, headers={"authorization": f"Bearer {token}"})

    assert answer.json() == {"data": {"__typename": "Query"}}


async def test_a_document_id_that_is_not_a_sha256_is_400_bad_request(
    http: httpx.AsyncClient, token: str
) -> None:
    answer = await _post(http, token, {"documentId": "md5:0cc175b9c0f1b6a831c399e269772661"})

    assert answer.status_code == 400
    assert _codes(answer) == ["BAD_REQUEST"]


@pytest.mark.parametrize(
    "persisted",
    [{"version": 2, "sha256Hash": "ab"}, {"version": 1, "sha256Hash": 12}, "sha256:ab"],
    ids=["version-2", "hash-not-text", "not-an-object"],
)
async def test_a_malformed_persisted_query_is_400_bad_request(
    http: httpx.AsyncClient, token: str, persisted: object
) -> None:
    answer = await _post(
        http, token, {"query": TYPENAME, "extensions": {"persistedQuery": persisted}}
    )

    assert answer.status_code == 400
    assert _codes(answer) == ["BAD_REQUEST"]


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("frontend") / "persisted-documents.json"
    path.write_text(json.dumps({document_id(q): q for q in (STATUSES, TYPENAME)}), "utf-8")
    return path


@pytest.fixture(scope="module")
def trusted(
    admin_url: str, manifest: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path_factory.mktemp("trusted"),
            environment="production",
            trusted_documents=manifest,
        )
        with running_api(settings) as server:
            yield server


@pytest.fixture
async def trusted_http(trusted: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with trusted.http() as client:
        yield client


@pytest.fixture
def trusted_token(trusted: RunningServer) -> str:
    return trusted.token("trusted.client")


async def test_a_manifest_document_runs_by_its_hash_alone(
    trusted_http: httpx.AsyncClient, trusted_token: str
) -> None:
    answer = await _post(trusted_http, trusted_token, {"extensions": _persisted(STATUSES)})

    assert answer.status_code == 200
    values = {label["value"] for label in answer.json()["data"]["labels"]}
    assert "CLOSED" in values


async def test_a_manifest_document_runs_by_its_document_id(
    trusted_http: httpx.AsyncClient, trusted_token: str
) -> None:
    body = {"documentId": f"sha256:{document_id(TYPENAME)}"}

    answer = await _post(trusted_http, trusted_token, body)

    assert answer.json() == {"data": {"__typename": "Query"}}


async def test_a_manifest_document_runs_by_its_text(
    trusted_http: httpx.AsyncClient, trusted_token: str
) -> None:
    answer = await _post(trusted_http, trusted_token, {"query": TYPENAME})

    assert answer.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    "body",
    [
        {"query": UNLISTED},
        {"extensions": _persisted(UNLISTED)},
        {"query": UNLISTED, "extensions": _persisted(UNLISTED)},
        {"query": TYPENAME + " ", "extensions": _persisted(TYPENAME + " ")},
        {"documentId": f"sha256:{document_id(UNLISTED)}"},
    ],
    ids=["text", "hash", "text-and-hash", "listed-text-respaced", "document-id"],
)
async def test_a_document_not_in_the_manifest_is_not_allowed(
    trusted_http: httpx.AsyncClient, trusted_token: str, body: dict[str, Any]
) -> None:
    answer = await _post(trusted_http, trusted_token, body)

    assert answer.status_code == 200
    assert answer.json()["data"] is None
    assert _codes(answer) == ["DOCUMENT_NOT_ALLOWED"]


async def test_a_document_not_allowed_is_400_without_data_in_graphql_response_json(
    trusted_http: httpx.AsyncClient, trusted_token: str
) -> None:
    answer = await _post(trusted_http, trusted_token, {"query": UNLISTED}, **RESPONSE_JSON)

    assert answer.status_code == 400
    assert "data" not in answer.json()
    assert _codes(answer) == ["DOCUMENT_NOT_ALLOWED"]


async def test_an_unlisted_document_sent_with_its_hash_is_still_not_allowed_after(
    trusted_http: httpx.AsyncClient, trusted_token: str
) -> None:
    await _post(
        trusted_http, trusted_token, {"query": UNLISTED, "extensions": _persisted(UNLISTED)}
    )

    answer = await _post(trusted_http, trusted_token, {"extensions": _persisted(UNLISTED)})

    assert _codes(answer) == ["DOCUMENT_NOT_ALLOWED"]


def _serve(tmp_path: Path, manifest: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BAXT_TRUSTED_DOCUMENTS": str(manifest),
        "BAXT_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/unreachable",
        "BAXT_DATA_DIR": str(tmp_path / "data"),
    }
    return subprocess.run(
        [sys.executable, "-m", "baxt", "serve", "--port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{ not json", "is not JSON"),
        (json.dumps({document_id(TYPENAME): UNLISTED}), "is not the SHA-256 of its document"),
    ],
    ids=["not-json", "wrong-hash"],
)
def test_serve_with_a_bad_manifest_stops_with_one_line_naming_the_setting(
    tmp_path: Path, content: str, said: str
) -> None:
    manifest = tmp_path / "persisted-documents.json"
    manifest.write_text(content, "utf-8")

    served = _serve(tmp_path, manifest)

    assert served.returncode == 1
    assert served.stderr.startswith("Error: BAXT_TRUSTED_DOCUMENTS: ")
    assert said in served.stderr
    assert served.stderr.count("\n") == 1
    assert "Traceback" not in served.stderr + served.stdout


def test_serve_with_a_missing_manifest_stops_with_one_line(tmp_path: Path) -> None:
    served = _serve(tmp_path, tmp_path / "absent.json")

    assert served.returncode == 1
    assert served.stderr.startswith("Error: BAXT_TRUSTED_DOCUMENTS: cannot read ")
    assert "Traceback" not in served.stderr
