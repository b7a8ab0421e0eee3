"""A typed client can be built from the contract: graphql-codegen (from npm) generates
TypeScript types for the example operations from schema.graphql, `tsc` compiles the example
client against them, and the persisted-documents manifest codegen writes is one this API runs
in trusted-documents mode, by hash alone.

Off CI, a machine without Node.js and npm skips, saying why; in CI it fails, as nothing may
skip there. The examples are built in a copy of their own, with npm's cache inside it, so the
run leaves nothing behind in the repository or in the user's npm cache.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest
from graphql import OperationDefinitionNode, parse

from baxt.application.access.principal import Role
from baxt.config import Settings
from baxt.graphql.core.manifest import read_manifest
from tests.database import in_ci, scratch_database
from tests.example_documents import EXAMPLES, ROOT, operation_names
from tests.serving import RunningServer, running_api

NPM_TIMEOUT = 900
"""A guard against a hung install, far beyond the minute a build takes."""


NODE_MAJOR = 20
"""The oldest Node.js the pinned graphql-codegen and its dependencies run on."""


def _missing(reason: str) -> NoReturn:
    if in_ci():
        raise RuntimeError(f"CI needs {reason} to build the typed client")
    pytest.skip(f"needs {reason} to build the typed client")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        _missing(f"{name} (Node.js {NODE_MAJOR} or later) on PATH")
    return found


def _check_node(node: str) -> None:
    version = subprocess.run(  # noqa: S603 - our own command
        [node, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    major = version.removeprefix("v").split(".")[0]
    if not major.isdigit() or int(major) < NODE_MAJOR:
        _missing(f"Node.js {NODE_MAJOR} or later (found {version or 'none'})")


def _run(command: list[str], folder: Path) -> None:
    environment = {**os.environ, "npm_config_cache": str(folder.parent / "npm-cache")}
    done = subprocess.run(  # noqa: S603 - our own commands and arguments
        command,
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=NPM_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"{' '.join(command[1:])}:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples copied aside with the schema beside them, installed, generated, compiled."""
    npm, npx = _tool("npm"), _tool("npx")
    _check_node(_tool("node"))
    work = tmp_path_factory.mktemp("typed-client")
    shutil.copy(ROOT / "schema.graphql", work / "schema.graphql")
    folder = work / "examples"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("node_modules", "generated"))
    _run([npm, "ci", "--no-audit", "--no-fund"], folder)
    _run([npx, "graphql-codegen", "--config", "codegen.ts"], folder)
    _run([npx, "tsc", "--noEmit"], folder)
    return folder / "generated"


def _manifest_operations(manifest: dict[str, str]) -> dict[str, str]:
    """Each manifest document's hash, by the name of the operation it holds."""
    named: dict[str, str] = {}
    for sha256, text in manifest.items():
        for definition in parse(text).definitions:
            if isinstance(definition, OperationDefinitionNode) and definition.name:
                named[definition.name.value] = sha256
    return named


def test_codegen_types_every_example_operation_and_the_client_compiles(built: Path) -> None:
    types = (built / "graphql.ts").read_text(encoding="utf-8")

    assert {n for n in operation_names() if f"export const {n}Document" not in types} == set()


def test_codegen_writes_a_manifest_the_api_accepts_with_one_document_an_operation(
    built: Path,
) -> None:
    manifest = read_manifest(built / "persisted-documents.json")

    assert set(_manifest_operations(manifest)) == operation_names()
    assert len(manifest) == len(operation_names())


@pytest.fixture(scope="module")
def trusted(
    admin_url: str, built: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path_factory.mktemp("typed-client-server"),
            environment="production",
            trusted_documents=built / "persisted-documents.json",
        )
        with running_api(settings) as server:
            yield server


@pytest.fixture
async def trusted_http(trusted: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with trusted.http() as client:
        yield client


async def _by_hash(
    http: httpx.AsyncClient, token: str, sha256: str, variables: dict[str, Any]
) -> Any:
    body = {"documentId": f"sha256:{sha256}", "variables": variables}
    answer = await http.post("/graphql", json=body, headers={"authorization": f"Bearer {token}"})
    return answer.json()


async def test_the_generated_documents_run_by_hash_alone_on_a_trusted_documents_server(
    built: Path, trusted: RunningServer, trusted_http: httpx.AsyncClient
) -> None:
    hashes = _manifest_operations(json.loads((built / "persisted-documents.json").read_text()))
    token = trusted.token("typed.client", Role.CASEWORKER)

    labels = await _by_hash(trusted_http, token, hashes["Labels"], {"enum": "CaseStatus"})
    queue = await _by_hash(trusted_http, token, hashes["Worklist"], {"filter": {"overdue": True}})

    assert "errors" not in labels
    assert {entry["value"] for entry in labels["data"]["labels"]} >= {"FLAGGED", "CLOSED"}
    assert queue == {
        "data": {
            "cases": {
                "totalCount": 0,
                "pageInfo": {"hasNextPage": False, "endCursor": None},
                "nodes": [],
            }
        }
    }


async def test_a_document_outside_the_generated_manifest_is_not_allowed(
    trusted: RunningServer, trusted_http: httpx.AsyncClient
) -> None:
    token = trusted.token("typed.client", Role.CASEWORKER)
    body = {"query": "query Unlisted { __typename }"}

    answer = await trusted_http.post(
        "/graphql", json=body, headers={"authorization": f"Bearer {token}"}
    )

    assert [e["extensions"]["code"] for e in answer.json()["errors"]] == ["DOCUMENT_NOT_ALLOWED"]
