"""Closing a case on a supervisor's approval, over HTTP: a caseworker's closeCase asks, the
supervisor finds it in the approval queue and approves or rejects it; another district's
supervisor cannot."""

from __future__ import annotations

from typing import Any

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
    reject_closure,
    withdraw_closure,
)
from tests.serving import RunningServer

CASEWORKER, SUPERVISOR = "aziza.caseworker", "sardor.supervisor"
QUEUE = "{ approvalQueue(first: 100) { edges { cursor node { id pendingApproval { kind } } } } }"


async def _flagged(gql: GraphQLClient, name: str) -> str:
    flagged = await flag_child(
        gql,
        child=child_input(child(name=name)),
        household=household_input(household()),
        source="MAHALLA_TEAM",
    )
    assert flagged["userErrors"] == [], flagged
    case_id: str = flagged["case"]["id"]
    return case_id


def _supervisor(http: httpx.AsyncClient, server: RunningServer, **scope: Any) -> GraphQLClient:
    token = server.token(SUPERVISOR, Role.SUPERVISOR, scope or None)
    return GraphQLClient(http, token)


async def _queued(supervisor: GraphQLClient) -> list[str]:
    edges = (await supervisor.execute(QUEUE))["approvalQueue"]["edges"]
    return [edge["node"]["id"] for edge in edges]


async def test_a_caseworker_asks_to_close_and_the_supervisor_approves_from_the_queue(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _flagged(gql, "Shoira Alimova")
    supervisor = _supervisor(http, server)

    asked = await close_case(gql, case_id, reason="UNREACHABLE", selection=PENDING_PAYLOAD)
    queued = await _queued(supervisor)
    approved = await approve_closure(supervisor, case_id, comment="Agreed")

    assert asked["userErrors"] == []
    assert asked["case"]["status"] == "FLAGGED"
    pending = asked["case"]["pendingApproval"]
    assert (pending["kind"], pending["requestedBy"], pending["closeReason"]) == (
        "CLOSURE",
        CASEWORKER,
        "UNREACHABLE",
    )
    assert case_id in queued
    assert approved["userErrors"] == []
    assert (approved["case"]["status"], approved["case"]["closeReason"]) == (
        "CLOSED",
        "UNREACHABLE",
    )
    assert approved["case"]["pendingApproval"] is None
    assert case_id not in await _queued(supervisor)
    history = [(e["type"], e["actor"]) for e in await gql.history(case_id)]
    assert history[-3:] == [
        ("ClosureRequested", CASEWORKER),
        ("ClosureApproved", SUPERVISOR),
        ("Closed", SUPERVISOR),
    ]
    decided = (await gql.history(case_id))[-2]["data"]
    assert (decided["requestedBy"], decided["comment"]) == (CASEWORKER, "Agreed")


async def test_a_supervisor_of_another_district_neither_sees_nor_decides_the_request(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _flagged(gql, "Bekzod Nazarov")
    await close_case(gql, case_id, reason="OTHER")
    elsewhere = _supervisor(http, server, districts=["Yunusobod"])

    approved = await approve_closure(elsewhere, case_id)
    rejected = await reject_closure(elsewhere, case_id, comment="No")

    assert case_id not in await _queued(elsewhere)
    for refused in (approved, rejected):
        assert refused["case"] is None
        assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]
    case = await gql.execute(
        "query($id: ID!) { case(id: $id) { status pendingApproval { kind } } }", {"id": case_id}
    )
    assert case["case"] == {"status": "FLAGGED", "pendingApproval": {"kind": "CLOSURE"}}


async def test_a_rejected_request_leaves_the_case_for_the_caseworker_to_ask_again(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _flagged(gql, "Malika Yusupova")
    supervisor = _supervisor(http, server)
    await close_case(gql, case_id, reason="OTHER")

    again = await close_case(gql, case_id, reason="MOVED", selection=PENDING_PAYLOAD)
    rejected = await reject_closure(supervisor, case_id, comment="Visit the family once more")
    nothing = await reject_closure(supervisor, case_id, comment="Twice")
    moved = await close_case(gql, case_id, reason="MOVED", selection=PENDING_PAYLOAD)

    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TRANSITION"]
    assert rejected["userErrors"] == []
    assert (rejected["case"]["status"], rejected["case"]["pendingApproval"]) == ("FLAGGED", None)
    assert [e["code"] for e in nothing["userErrors"]] == ["INVALID_TRANSITION"]
    assert (moved["case"]["status"], moved["case"]["closeReason"]) == ("CLOSED", "MOVED")
    assert moved["case"]["pendingApproval"] is None


async def test_a_supervisor_s_own_closure_needs_no_approval(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _flagged(gql, "Jasur Tojiev")

    closed = await close_case(
        _supervisor(http, server), case_id, reason="OTHER", selection=PENDING_PAYLOAD
    )

    assert (closed["case"]["status"], closed["case"]["pendingApproval"]) == ("CLOSED", None)


async def test_a_rejection_without_a_comment_names_its_field(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _flagged(gql, "Nodira Qosimova")
    await close_case(gql, case_id, reason="OTHER")

    rejected = await reject_closure(_supervisor(http, server), case_id, comment=" ")

    assert [(e["code"], e["field"]) for e in rejected["userErrors"]] == [
        ("INVALID_INPUT", ["input", "comment"])
    ]


async def test_a_caseworker_withdraws_a_request_and_it_leaves_the_queue(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _flagged(gql, "Sevara Ergasheva")
    supervisor = _supervisor(http, server)
    await close_case(gql, case_id, reason="UNREACHABLE")

    withdrawn = await withdraw_closure(gql, case_id)
    queued = await _queued(supervisor)
    approved = await approve_closure(supervisor, case_id)
    asked_again = await close_case(gql, case_id, reason="UNREACHABLE", selection=PENDING_PAYLOAD)

    assert withdrawn["userErrors"] == []
    assert (withdrawn["case"]["status"], withdrawn["case"]["pendingApproval"]) == ("FLAGGED", None)
    assert case_id not in queued
    assert [e["code"] for e in approved["userErrors"]] == ["INVALID_TRANSITION"]
    assert asked_again["case"]["pendingApproval"]["closeReason"] == "UNREACHABLE"
    history = [(e["type"], e["actor"]) for e in await gql.history(case_id)]
    assert ("ClosureWithdrawn", CASEWORKER) in history
