"""Tamper evidence over HTTP: verifyCase, the log's key and checkpoints, and both proofs."""

from __future__ import annotations

import asyncio
import base64
from typing import Any
from uuid import UUID

import httpx
import psycopg

from baxt import bootstrap
from baxt.application.access.principal import Role
from baxt.application.checkpoints import verify_checkpoint
from baxt.domain.merkle import InclusionProof, leaf_hash, verify_inclusion
from baxt.graphql.core.node import parse_global_id
from tests.e2e.client import GraphQLClient
from tests.e2e.test_api import _flag
from tests.serving import RunningServer

VERIFY = """query($id: ID!) { verifyCase(id: $id) {
  ok versionsChecked problem { kind version recordedAt } } }"""
PROVE = """query($id: ID!, $version: Int!) { inclusionProof(caseId: $id, version: $version) {
  version entry leafIndex treeSize path holds checkpoint { treeSize rootHash note } } }"""
CONSISTENT = """query($a: Int!, $b: Int!) { consistencyProof(firstSize: $a, secondSize: $b) {
  holds path first { treeSize } second { treeSize } } }"""
KEY = "{ logKey { origin verifierKey publicKey } logCheckpoints { treeSize signedAt } }"


def _auditor(http: httpx.AsyncClient, server: RunningServer) -> GraphQLClient:
    return GraphQLClient(http, server.token("auditor.nodira", Role.AUDITOR))


async def _sealed(auditor: GraphQLClient, case_id: str, versions: int) -> dict[str, Any]:
    for _ in range(300):
        found = (await auditor.execute(VERIFY, {"id": case_id}))["verifyCase"]
        if found is not None and found["versionsChecked"] >= versions:
            return dict(found)
        await asyncio.sleep(0.1)
    raise AssertionError("the ledger never sealed the case")


def _flip_a_byte(database_url: str, case_id: str, version: int) -> None:
    parsed = parse_global_id(case_id)
    assert parsed is not None
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE cases_events SET state = set_byte(state, 12, get_byte(state, 12) # 2)"
            " WHERE originator_id = %s AND originator_version = %s",
            (UUID(parsed[1]), version),
        )


async def test_auditors_verify_a_case_and_prove_its_events_against_checkpoints(
    gql: GraphQLClient, http: httpx.AsyncClient, server: RunningServer
) -> None:
    case = await _flag(gql, "Sevara Qodirova")
    await gql.mutate(
        "recordContactAttempt", caseId=case["id"], outcome="NO_ANSWER", note="no answer"
    )
    auditor = _auditor(http, server)
    verdict = await _sealed(auditor, case["id"], 2)
    assert verdict == {"ok": True, "versionsChecked": 2, "problem": None}

    runtime = bootstrap.Runtime(server.settings, server.database_url)
    await asyncio.to_thread(bootstrap.take_checkpoint, runtime)
    keys = await auditor.execute(KEY)
    public_key = bootstrap.checkpoint_signer(runtime).identity.public_key
    assert keys["logKey"]["publicKey"] == public_key.public_bytes_raw().hex()

    proof = (await auditor.execute(PROVE, {"id": case["id"], "version": 2}))["inclusionProof"]
    head = verify_checkpoint(proof["checkpoint"]["note"], public_key)
    assert proof["holds"] is True
    assert verify_inclusion(
        leaf_hash(base64.b64decode(proof["entry"])),
        InclusionProof(
            proof["leafIndex"], head.tree_size, tuple(map(bytes.fromhex, proof["path"]))
        ),
        head.root_hash,
    )

    changes = """query($id: ID!, $from: DateTime!, $to: DateTime!) {
      caseChanges(id: $id, from: $from, to: $to) { nodes { version } } }"""
    span = {"id": case["id"], "from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"}
    await auditor.execute(changes, span)
    log = """query($id: ID!) { caseAccessLog(id: $id, first: 50) { edges { node {
      actor role operation } } } }"""
    entries = (await auditor.execute(log, {"id": case["id"]}))["caseAccessLog"]["edges"]
    audited = {e["node"]["operation"] for e in entries if e["node"]["role"] == "AUDITOR"}
    assert {"verifyCase", "inclusionProof", "caseChanges"} <= audited

    await gql.mutate("recordContactAttempt", caseId=case["id"], outcome="NO_ANSWER", note="again")
    await _sealed(auditor, case["id"], 3)
    await asyncio.to_thread(bootstrap.take_checkpoint, runtime)
    sizes = [c["treeSize"] for c in (await auditor.execute(KEY))["logCheckpoints"]]
    consistent = (await auditor.execute(CONSISTENT, {"a": sizes[1], "b": sizes[0]}))[
        "consistencyProof"
    ]
    assert consistent["holds"] is True
    assert (consistent["first"]["treeSize"], consistent["second"]["treeSize"]) == (
        sizes[1],
        sizes[0],
    )


async def test_verify_case_names_the_altered_version(
    gql: GraphQLClient, http: httpx.AsyncClient, server: RunningServer
) -> None:
    case = await _flag(gql, "Jasur Tursunov")
    await gql.mutate("recordContactAttempt", caseId=case["id"], outcome="NO_ANSWER", note="x")
    auditor = _auditor(http, server)
    await _sealed(auditor, case["id"], 2)
    _flip_a_byte(server.database_url, case["id"], 2)
    try:
        altered = (await auditor.execute(VERIFY, {"id": case["id"]}))["verifyCase"]
    finally:
        _flip_a_byte(server.database_url, case["id"], 2)
    assert altered["ok"] is False
    assert altered["problem"] == {"kind": "ALTERED", "version": 2, "recordedAt": None}
    restored = (await auditor.execute(VERIFY, {"id": case["id"]}))["verifyCase"]
    assert restored["ok"] is True


async def test_only_auditors_and_supervisors_see_the_ledger(
    gql: GraphQLClient, http: httpx.AsyncClient, server: RunningServer
) -> None:
    case = await _flag(gql, "Dilnoza Ergasheva")
    for query, variables in ((VERIFY, {"id": case["id"]}), (KEY, {})):
        body = (await gql.post(query, variables)).json()
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unknown = await _auditor(http, server).post(PROVE, {"id": "bm9wZQ==", "version": 1})
    assert unknown.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
