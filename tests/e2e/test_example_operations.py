"""The example operations of examples/ run on the real API as the screens would send them:
each file's text exactly as it stands, with `operationName` choosing the operation, so what
the frontend guide shows is what the API answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from baxt.application.access.principal import Role
from baxt.application.directory import SOS_ORGANISATION_ID, seed_directory
from tests.e2e.client import GraphQLClient
from tests.e2e.partner_flow import referred
from tests.example_documents import file_of
from tests.factories import child, hours_ago
from tests.operations import PLAN, child_input, close_case, flag_child
from tests.serving import RunningServer

NAME = "Zarina Namunaeva"
HOUSEHOLD = {
    "guardianName": "Namunaeva Gulnora",
    "guardianPhone": "+998901119988",
    "region": "Toshkent shahri",
    "district": "Chilonzor",
    "mahalla": "Qatortol",
}


async def send(client: GraphQLClient, operation: str, variables: dict[str, Any]) -> Any:
    """The data the named example operation answers; fails the test on any GraphQL error."""
    body = {"query": file_of(operation).text, "operationName": operation, "variables": variables}
    answer = await client.http.post(
        "/graphql", json=body, headers={"Authorization": f"Bearer {client.token}"}
    )
    assert "errors" not in answer.json(), answer.json()
    return answer.json()["data"]


async def change(client: GraphQLClient, operation: str, given: dict[str, Any]) -> Any:
    """The payload of the named example mutation, which must refuse nothing."""
    data = await send(client, operation, {"input": given})
    (payload,) = data.values()
    assert payload["userErrors"] == [], payload
    return payload


@pytest.fixture(scope="module", autouse=True)
def directory(server: RunningServer) -> None:
    seed_directory(server.database_url)


@pytest.fixture
def as_(http: httpx.AsyncClient, server: RunningServer) -> Callable[..., GraphQLClient]:
    def client(user: str, role: Role, scope: dict[str, object] | None = None) -> GraphQLClient:
        return GraphQLClient(http, server.token(user, role, scope))

    return client


@pytest.fixture
def caseworker(as_: Callable[..., GraphQLClient]) -> GraphQLClient:
    return as_("cw.examples", Role.CASEWORKER)


async def _flagged(caseworker: GraphQLClient) -> str:
    kid = child(name=NAME)
    flagged = await flag_child(
        caseworker, child=child_input(kid), household=HOUSEHOLD, source="MAHALLA_TEAM"
    )
    case_id: str = flagged["case"]["id"]
    return case_id


async def _visit_form_from_call_to_review(caseworker: GraphQLClient, case_id: str) -> Any:
    form = (await send(caseworker, "VisitForm", {"id": case_id}))["case"]
    tomorrow = (datetime.now(ZoneInfo("Asia/Tashkent")) + timedelta(days=1)).isoformat()
    called = await change(
        caseworker,
        "RecordContactAttempt",
        {"caseId": case_id, "outcome": "REACHED", "visitScheduledAt": tomorrow,
         "expectedVersion": form["version"]},
    )  # fmt: skip
    visited = await change(
        caseworker,
        "RecordVisit",
        {"caseId": case_id, "visitedAt": hours_ago(1).isoformat(), "childSeen": True,
         "guardianPresent": True, "observations": "a calm home",
         "expectedVersion": called["case"]["version"]},
    )  # fmt: skip
    needs = [{"domain": "EDUCATION", "level": "MEDIUM", "note": "reading"}]
    consulted = await change(
        caseworker,
        "RecordConsultation",
        {"caseId": case_id, "needs": needs, "plan": PLAN,
         "expectedVersion": visited["case"]["version"]},
    )  # fmt: skip
    today = datetime.now(ZoneInfo("Asia/Tashkent")).date().isoformat()
    goal = consulted["case"]["goals"][0]["id"]
    return await change(
        caseworker,
        "RecordReview",
        {"caseId": case_id, "reviewedOn": today, "riskLevel": "LOW",
         "progress": [{"goalId": goal, "note": "first shots given"}],
         "expectedVersion": consulted["case"]["version"]},
    )  # fmt: skip


async def test_the_visit_form_takes_a_case_from_the_call_to_its_first_review(
    caseworker: GraphQLClient,
) -> None:
    case_id = await _flagged(caseworker)

    reviewed = await _visit_form_from_call_to_review(caseworker, case_id)

    assert reviewed["case"]["status"] == "CONSULTED"
    assert reviewed["case"]["riskLevel"] == "LOW"
    assert reviewed["case"]["childSeen"] is True


async def test_a_visit_form_sent_on_a_stale_version_is_refused_as_conflict(
    caseworker: GraphQLClient,
) -> None:
    case_id = await _flagged(caseworker)
    form = (await send(caseworker, "VisitForm", {"id": case_id}))["case"]
    await change(caseworker, "RecordContactAttempt", {"caseId": case_id, "outcome": "NO_ANSWER"})

    late = await send(
        caseworker,
        "RecordVisit",
        {"input": {"caseId": case_id, "visitedAt": hours_ago(1).isoformat(), "childSeen": True,
                   "guardianPresent": True, "expectedVersion": form["version"]}},
    )  # fmt: skip

    assert [e["code"] for e in late["recordVisit"]["userErrors"]] == ["CONFLICT"]


async def test_the_case_page_shows_the_work_and_pages_through_the_history(
    caseworker: GraphQLClient,
) -> None:
    case_id = await _flagged(caseworker)
    await _visit_form_from_call_to_review(caseworker, case_id)

    page = (await send(caseworker, "CasePage", {"id": case_id}))["case"]
    first = (await send(caseworker, "CaseHistory", {"id": case_id, "first": 2}))["case"]
    after = first["history"]["pageInfo"]["endCursor"]
    rest = (await send(caseworker, "CaseHistory", {"id": case_id, "after": after}))["case"]

    assert page["child"]["fullName"] == NAME
    assert page["goals"][0]["notes"][0]["text"] == "first shots given"
    assert "REVISE_WORK_PLAN" in page["allowedActions"]
    assert page["history"]["totalCount"] == len(page["history"]["nodes"]) == 5
    sequences = [n["sequence"] for n in first["history"]["nodes"] + rest["history"]["nodes"]]
    assert sequences == [n["sequence"] for n in page["history"]["nodes"]]


async def test_the_worklist_finds_the_case_and_the_labels_name_its_status(
    caseworker: GraphQLClient,
) -> None:
    case_id = await _flagged(caseworker)

    found = await send(
        caseworker, "Worklist", {"filter": {"search": NAME, "status": ["FLAGGED"]}, "first": 100}
    )
    names = await send(caseworker, "Labels", {"language": "RU", "enum": "CaseStatus"})

    assert case_id in {row["id"] for row in found["cases"]["nodes"]}
    assert found["cases"]["totalCount"] == len(found["cases"]["nodes"])
    assert {"enum": "CaseStatus", "value": "FLAGGED", "label": "Выявлено"} in names["labels"]


async def test_my_queue_holds_only_the_cases_given_to_the_caller(
    caseworker: GraphQLClient,
) -> None:
    await _flagged(caseworker)

    mine = await send(caseworker, "MyQueue", {})

    assert mine == {"myQueue": []}


async def _approval_queue(supervisor: GraphQLClient) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    after = None
    while True:
        page = await send(supervisor, "ApprovalQueue", {"first": 100, "after": after})
        rows += page["approvalQueue"]["nodes"]
        if not page["approvalQueue"]["pageInfo"]["hasNextPage"]:
            return rows
        after = page["approvalQueue"]["pageInfo"]["endCursor"]


async def test_the_approval_queue_shows_a_closure_the_caseworker_asked_for(
    caseworker: GraphQLClient, as_: Callable[..., GraphQLClient]
) -> None:
    case_id = await _flagged(caseworker)
    asked = await close_case(caseworker, case_id, reason="OTHER")
    assert asked["userErrors"] == [], asked

    rows = await _approval_queue(as_("sv.examples", Role.SUPERVISOR))

    (row,) = [row for row in rows if row["id"] == case_id]
    assert row["pendingApproval"]["kind"] == "CLOSURE"
    assert row["pendingApproval"]["requestedBy"] == "cw.examples"
    assert row["pendingApproval"]["closeReason"] == "OTHER"


async def test_the_partner_inbox_accepts_works_on_and_completes_a_referral(
    caseworker: GraphQLClient, as_: Callable[..., GraphQLClient]
) -> None:
    sos = as_("worker.examples", Role.PARTNER, {"org": SOS_ORGANISATION_ID})
    _, referral_id = await referred(caseworker, SOS_ORGANISATION_ID, phone="+998901119977")

    inbox = await send(sos, "PartnerInbox", {"status": ["PENDING"], "first": 100})
    opened = (await send(sos, "PartnerReferralDetail", {"id": referral_id}))["partnerReferral"]
    await change(sos, "RespondToReferral", {"referralId": referral_id, "accept": True})
    await change(sos, "RecordReferralProgress", {"referralId": referral_id, "kind": "SESSION_HELD"})
    done = await change(
        sos, "CompleteReferral", {"referralId": referral_id, "outcome": "GOALS_MET"}
    )

    assert referral_id in {n["referralId"] for n in inbox["partnerReferrals"]["nodes"]}
    assert opened["allowedActions"] == ["RESPOND_TO_REFERRAL"]
    assert [s["kind"] for s in done["referral"]["steps"]] == ["SESSION_HELD"]
    assert (done["referral"]["status"], done["referral"]["allowedActions"]) == ("COMPLETED", [])
