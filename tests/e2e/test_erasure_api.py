"""`eraseChildData` over HTTP, on the shared server: admins erase on a legal reason, nobody
else may, and afterwards the case still answers, replays and verifies with its PII erased."""

from __future__ import annotations

from typing import Any

import httpx

from baxt.application.access.principal import Role
from baxt.domain.personal_data import ERASED
from baxt.graphql.core.node import global_id
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import child_input, household_input
from tests.serving import RunningServer

ERASE = """mutation($input: EraseChildDataInput!) { eraseChildData(input: $input) {
  caseId version userErrors { field message code } } }"""
VERIFY = "query($id: ID!) { verifyCase(id: $id) { ok versionsChecked } }"
AS_OF = """query($id: ID!, $v: Int!) { caseAsOf(id: $id, version: $v) {
  status child { fullName personalId } household { guardianPhone mahalla } } }"""


def _admin(http: httpx.AsyncClient, server: RunningServer) -> GraphQLClient:
    return GraphQLClient(http, server.token("ada.admin", Role.ADMIN))


async def _flagged_and_visited(gql: GraphQLClient, name: str) -> dict[str, Any]:
    kid = child(name=name)
    flagged = await gql.mutate(
        "flagChild",
        child=child_input(kid),
        household=_household(),
        source="MAHALLA_TEAM",
        indicators=[],
        note="Neighbour worried about the child",
    )
    assert flagged["userErrors"] == [], flagged
    case: dict[str, Any] = flagged["case"]
    return case


def _household() -> dict[str, Any]:
    home = household()
    return household_input(home)


async def test_an_admin_erases_a_child_and_the_case_answers_with_its_pii_erased(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case = await _flagged_and_visited(gql, "Erkin Erasable")

    erased = await _admin(http, server).execute(
        ERASE, {"input": {"caseId": case["id"], "legalReason": "Court order 2026/77"}}
    )
    after = await gql.case(case["id"])
    auditor = GraphQLClient(http, server.token("aud.e", Role.AUDITOR))
    verdict = await auditor.execute(VERIFY, {"id": case["id"]})
    first = await auditor.execute(AS_OF, {"id": case["id"], "v": 1})
    history = await gql.history(case["id"])

    assert erased["eraseChildData"]["userErrors"] == []
    assert erased["eraseChildData"]["version"] == case["version"] + 1
    assert after is not None
    assert (after["status"], after["closeReason"]) == ("CLOSED", "DATA_ERASED")
    assert after["child"]["fullName"] == ERASED
    assert after["child"]["personalId"] == ERASED
    assert after["household"]["guardianPhone"] == ERASED
    assert after["household"]["mahalla"] == household().mahalla
    assert verdict["verifyCase"]["ok"] is True
    assert first["caseAsOf"]["status"] == "FLAGGED"
    assert first["caseAsOf"]["child"]["fullName"] == ERASED
    assert "Erkin Erasable" not in str(history)
    assert "Neighbour worried" not in str(history)
    assert history[-1]["type"] == "ChildDataErased"


async def test_an_erased_case_takes_no_more_changes(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case = await _flagged_and_visited(gql, "Farida Final")
    await _admin(http, server).execute(
        ERASE, {"input": {"caseId": case["id"], "legalReason": "Court order 2026/78"}}
    )

    reopened = await gql.mutate("reopenCase", caseId=case["id"], reason="came back")

    assert [e["code"] for e in reopened["userErrors"]] == ["CASE_ERASED"]


async def test_only_admins_erase_and_they_need_a_legal_reason_and_a_real_case(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case = await _flagged_and_visited(gql, "Gulnora Guarded")
    admin = _admin(http, server)

    refused = (await gql.post(ERASE, {"input": {"caseId": case["id"], "legalReason": "x"}})).json()
    blank = await admin.execute(ERASE, {"input": {"caseId": case["id"], "legalReason": " "}})
    missing_id = global_id("Case", "00000000-0000-4000-8000-000000000001")
    missing = await admin.execute(ERASE, {"input": {"caseId": missing_id, "legalReason": "x"}})
    still = await gql.case(case["id"])

    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert blank["eraseChildData"]["userErrors"][0]["code"] == "INVALID_INPUT"
    assert blank["eraseChildData"]["userErrors"][0]["field"] == ["input", "legalReason"]
    assert missing["eraseChildData"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert still is not None
    assert still["child"]["fullName"] == "Gulnora Guarded"
