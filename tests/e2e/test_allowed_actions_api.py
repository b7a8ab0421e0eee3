"""`Case.allowedActions` over HTTP: the buttons a caseworker and a supervisor are shown on
one case, before and while a closure waits, and after it is approved."""

from __future__ import annotations

import httpx

from baxt.application.access.principal import Role
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import (
    PENDING_PAYLOAD,
    approve_closure,
    child_input,
    close_case,
    flag_child,
    household_input,
)
from tests.serving import RunningServer

ACTIONS = "query($id: ID!) { case(id: $id) { status allowedActions } }"
WORK = ["RECORD_CONTACT_ATTEMPT", "RECORD_VISIT"]
CORRECTIONS = ["CORRECT_CHILD", "CORRECT_HOUSEHOLD"]
LAST = ["REQUEST_TRANSFER", "RECORD_CONSENT"]
DECISIONS = ["APPROVE_CLOSURE", "REJECT_CLOSURE", "WITHDRAW_CLOSURE"]
REQUEST_DECISIONS = ["APPROVE_REQUEST", "REJECT_REQUEST", "WITHDRAW_REQUEST"]


async def _actions(client: GraphQLClient, case_id: str) -> list[str]:
    found: list[str] = (await client.execute(ACTIONS, {"id": case_id}))["case"]["allowedActions"]
    return found


async def test_a_caseworker_and_a_supervisor_see_the_buttons_that_will_work(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    supervisor = GraphQLClient(http, server.token("sardor.supervisor", Role.SUPERVISOR))
    flagged = await flag_child(
        gql,
        child=child_input(child(name="Dilfuza Rahimova")),
        household=household_input(household()),
        source="MAHALLA_TEAM",
    )
    case_id = flagged["case"]["id"]

    assert await _actions(gql, case_id) == [*WORK, "CLOSE_CASE", *CORRECTIONS, *LAST]
    assert await _actions(supervisor, case_id) == [
        *WORK,
        "ASSIGN_CASE",
        "CLOSE_CASE",
        *CORRECTIONS,
        *LAST,
    ]

    asked = await close_case(gql, case_id, reason="UNREACHABLE", selection=PENDING_PAYLOAD)
    assert asked["case"]["pendingApproval"]["kind"] == "CLOSURE"
    assert await _actions(gql, case_id) == [
        *WORK,
        "WITHDRAW_CLOSURE",
        *CORRECTIONS,
        *LAST,
        "WITHDRAW_REQUEST",
    ]
    assert await _actions(supervisor, case_id) == [
        *WORK,
        "ASSIGN_CASE",
        *DECISIONS,
        *CORRECTIONS,
        *LAST,
        *REQUEST_DECISIONS,
    ]

    approved = await approve_closure(supervisor, case_id, comment="Agreed")
    assert approved["userErrors"] == []
    for caller in (gql, supervisor):
        assert await _actions(caller, case_id) == ["REOPEN_CASE", *CORRECTIONS, "RECORD_CONSENT"]
