"""Work plan revisions and transfers on a supervisor's approval, over HTTP, with the policy
on: a caseworker's reviseWorkPlan or requestTransfer asks; the district's supervisor finds it
in the approval queue and approves, rejects or sees it withdrawn with the generic mutations;
another district's supervisor cannot; a supervisor's own revision takes effect at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from baxt.application.access.principal import Role
from baxt.config import Settings
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import (
    PLAN,
    child_input,
    flag_child,
    household_input,
    record_consultation,
    record_visit,
    request_transfer,
    revise_work_plan,
    run,
)
from tests.serving import RunningServer, running_api

CASEWORKER, SUPERVISOR = "aziza.caseworker", "sardor.supervisor"
SHOWN = """case { id version pendingApproval { kind requestedBy closeReason } allowedActions
  goals { text } pendingTransfer { district } }
userErrors { field message code }"""
QUEUE = "{ approvalQueue(first: 100) { edges { node { id pendingApproval { kind } } } } }"
INCOMING = "{ incomingTransfers(first: 100) { edges { node { id } } } }"
ACTIONS = "query($id: ID!) { case(id: $id) { allowedActions } }"
GOAL = {"goal": "Speech sessions", "serviceCategory": "SPEECH_THERAPY", "dueOn": "2030-01-01"}
TARGET = {"region": "Toshkent shahri", "district": "Mirobod", "mahalla": "Oybek"}


@pytest.fixture(scope="module")
def server(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The whole system on a database of its own, with revisions and transfers on approval."""
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path_factory.mktemp("requests"),
            read_your_writes_timeout=10,
            work_plan_approval=True,
            transfer_approval=True,
        )
        with running_api(settings) as running:
            yield running


@pytest.fixture
async def http(server: RunningServer) -> Any:
    async with server.http() as client:
        yield client


@pytest.fixture
def gql(http: httpx.AsyncClient, server: RunningServer) -> GraphQLClient:
    return GraphQLClient(http, server.token())


def _supervisor(http: httpx.AsyncClient, server: RunningServer, **scope: Any) -> GraphQLClient:
    return GraphQLClient(http, server.token(SUPERVISOR, Role.SUPERVISOR, scope or None))


async def _consulted(gql: GraphQLClient, name: str) -> str:
    flagged = await flag_child(
        gql,
        child=child_input(child(name=name)),
        household=household_input(household()),
        source="MAHALLA_TEAM",
    )
    case_id: str = flagged["case"]["id"]
    seen = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    await record_visit(gql, case_id, visited_at=seen, child_seen=True, guardian_present=True)
    await record_consultation(gql, case_id, needs=[{"domain": "HEALTH", "level": "LOW"}], plan=PLAN)
    return case_id


async def _decide(client: GraphQLClient, name: str, case_id: str, **given: Any) -> Any:
    return await run(client, name, {"caseId": case_id, **given}, SHOWN)


async def _queued(supervisor: GraphQLClient) -> list[tuple[str, str]]:
    edges = (await supervisor.execute(QUEUE))["approvalQueue"]["edges"]
    return [(e["node"]["id"], e["node"]["pendingApproval"]["kind"]) for e in edges]


async def _actions(client: GraphQLClient, case_id: str) -> list[str]:
    found: list[str] = (await client.execute(ACTIONS, {"id": case_id}))["case"]["allowedActions"]
    return found


async def test_a_caseworker_s_revision_waits_for_the_supervisor_and_then_takes_effect(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _consulted(gql, "Shoira Alimova")
    supervisor = _supervisor(http, server)

    asked = await revise_work_plan(gql, case_id, reason="review", add=[GOAL], selection=SHOWN)
    queued = await _queued(supervisor)
    caseworker_sees, supervisor_sees = (
        await _actions(gql, case_id),
        await _actions(supervisor, case_id),
    )
    approved = await _decide(supervisor, "approveRequest", case_id, kind="WORK_PLAN")

    assert asked["userErrors"] == []
    assert asked["case"]["goals"] == [{"text": PLAN[0]["goal"]}]
    assert asked["case"]["pendingApproval"] == {
        "kind": "WORK_PLAN",
        "requestedBy": CASEWORKER,
        "closeReason": None,
    }
    assert (case_id, "WORK_PLAN") in queued
    assert "WITHDRAW_REQUEST" in caseworker_sees
    assert "APPROVE_REQUEST" not in caseworker_sees
    assert "REVISE_WORK_PLAN" not in caseworker_sees
    assert {"APPROVE_REQUEST", "REJECT_REQUEST"} <= set(supervisor_sees)
    assert approved["userErrors"] == []
    assert approved["case"]["goals"] == [{"text": PLAN[0]["goal"]}, {"text": GOAL["goal"]}]
    assert approved["case"]["pendingApproval"] is None
    history = [(e["type"], e["actor"]) for e in await gql.history(case_id)]
    assert history[-3:] == [
        ("WorkPlanRevisionRequested", CASEWORKER),
        ("WorkPlanRevisionApproved", SUPERVISOR),
        ("WorkPlanRevised", SUPERVISOR),
    ]


async def test_a_caseworker_s_transfer_reaches_the_receiving_district_only_once_approved(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _consulted(gql, "Nodira Sobirova")
    supervisor = _supervisor(http, server)
    receiving = GraphQLClient(
        http, server.token("rustam.supervisor", Role.SUPERVISOR, {"districts": ["Mirobod"]})
    )

    asked = await request_transfer(gql, case_id, **TARGET, selection=SHOWN)
    incoming_before = (await receiving.execute(INCOMING))["incomingTransfers"]["edges"]
    approved = await _decide(supervisor, "approveRequest", case_id, kind="TRANSFER")
    incoming_after = (await receiving.execute(INCOMING))["incomingTransfers"]["edges"]

    assert asked["userErrors"] == []
    assert asked["case"]["pendingApproval"]["kind"] == "TRANSFER"
    assert asked["case"]["pendingTransfer"] is None
    assert "REQUEST_TRANSFER" not in asked["case"]["allowedActions"]
    assert {"node": {"id": case_id}} not in incoming_before
    assert approved["userErrors"] == []
    assert approved["case"]["pendingTransfer"] == {"district": "Mirobod"}
    assert {"node": {"id": case_id}} in incoming_after


@pytest.mark.parametrize("kind", ["WORK_PLAN", "TRANSFER"])
async def test_a_rejection_needs_a_comment_and_a_withdrawal_clears_the_request(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient, kind: str
) -> None:
    rejected = await _consulted(gql, f"Rejected {kind}")
    withdrawn = await _consulted(gql, f"Withdrawn {kind}")
    supervisor = _supervisor(http, server)
    for case_id in (rejected, withdrawn):
        if kind == "WORK_PLAN":
            await revise_work_plan(gql, case_id, reason="review", add=[GOAL])
        else:
            await request_transfer(gql, case_id, **TARGET)

    no_comment = await _decide(supervisor, "rejectRequest", rejected, kind=kind, comment="")
    with_comment = await _decide(
        supervisor, "rejectRequest", rejected, kind=kind, comment="Talk to the mother first"
    )
    gone = await _decide(gql, "withdrawRequest", withdrawn, kind=kind)

    assert no_comment["userErrors"][0]["code"] == "INVALID_INPUT"
    assert with_comment["userErrors"] == []
    assert with_comment["case"]["pendingApproval"] is None
    assert with_comment["case"]["goals"] == [{"text": PLAN[0]["goal"]}]
    assert with_comment["case"]["pendingTransfer"] is None
    assert gone["userErrors"] == []
    assert gone["case"]["pendingApproval"] is None
    queued = [found for found, _ in await _queued(supervisor)]
    assert rejected not in queued
    assert withdrawn not in queued


async def test_a_kind_with_nothing_waiting_and_another_district_are_refused(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _consulted(gql, "Malika Tursunova")
    await revise_work_plan(gql, case_id, reason="review", add=[GOAL])
    supervisor = _supervisor(http, server)
    elsewhere = _supervisor(http, server, districts=["Yunusobod"])

    wrong_kind = await _decide(supervisor, "approveRequest", case_id, kind="TRANSFER")
    closure = await _decide(gql, "withdrawRequest", case_id, kind="CLOSURE")
    out_of_reach = await _decide(elsewhere, "approveRequest", case_id, kind="WORK_PLAN")
    second = await revise_work_plan(gql, case_id, reason="again", add=[GOAL])

    assert wrong_kind["userErrors"][0]["code"] == "INVALID_TRANSITION"
    assert closure["userErrors"][0]["code"] == "INVALID_TRANSITION"
    assert out_of_reach["userErrors"][0]["code"] == "NOT_FOUND"
    assert second["userErrors"][0]["code"] == "INVALID_TRANSITION"


async def test_a_supervisor_s_revision_and_transfer_take_effect_at_once(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _consulted(gql, "Aziz Rahimov")
    supervisor = _supervisor(http, server)

    revised = await revise_work_plan(supervisor, case_id, reason="r", add=[GOAL], selection=SHOWN)
    moved = await request_transfer(supervisor, case_id, **TARGET, selection=SHOWN)

    assert revised["case"]["goals"] == [{"text": PLAN[0]["goal"]}, {"text": GOAL["goal"]}]
    assert revised["case"]["pendingApproval"] is None
    assert moved["case"]["pendingTransfer"] == {"district": "Mirobod"}
    assert moved["case"]["pendingApproval"] is None
