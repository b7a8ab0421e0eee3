"""Follow-ups over HTTP: a referred case takes a call and a visit, keeps its status, and shows
them counted, in the mutations' answers and in a read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import (
    PLAN,
    child_input,
    close_case,
    flag_child,
    household_input,
    record_consultation,
    record_contact_attempt,
    record_visit,
    refer_case,
)


def _ago(hours: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()


async def _referred_case(gql: GraphQLClient) -> dict[str, Any]:
    flagged = await flag_child(
        gql,
        child=child_input(child(name="Follow Up Child")),
        household=household_input(household()),
        source="MAHALLA_TEAM",
    )
    case_id = flagged["case"]["id"]
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    await record_contact_attempt(gql, case_id, outcome="REACHED", visitScheduledAt=tomorrow)
    await record_visit(gql, case_id, visited_at=_ago(5), child_seen=True, guardian_present=True)
    await record_consultation(gql, case_id, needs=[{"domain": "HEALTH", "level": "LOW"}], plan=PLAN)
    referred = await refer_case(
        gql, case_id, service_category="HEALTH_CLINIC", provider="Polyclinic 4", reason="checkups"
    )
    case: dict[str, Any] = referred["case"]
    assert (case["status"], case["followUps"], case["lastFollowUpAt"]) == ("REFERRED", 0, None)
    return case


async def test_a_referred_case_takes_a_follow_up_call_and_visit_and_counts_them(
    gql: GraphQLClient,
) -> None:
    case = await _referred_case(gql)

    called = await record_contact_attempt(gql, case["id"], outcome="REACHED")
    visited = await record_visit(
        gql, case["id"], visited_at=_ago(1), child_seen=True, guardian_present=False
    )

    assert (called["userErrors"], visited["userErrors"]) == ([], [])
    assert (called["case"]["status"], called["case"]["followUps"]) == ("REFERRED", 1)
    answered = visited["case"]
    assert (answered["status"], answered["followUps"]) == ("REFERRED", 2)
    assert answered["lastFollowUpAt"] == called["case"]["lastFollowUpAt"], (
        "a visit made an hour ago, recorded after the call, is not the latest follow-up"
    )
    read = await gql.case(case["id"])
    assert read is not None
    assert (read["status"], read["followUps"], read["lastFollowUpAt"]) == (
        "REFERRED",
        2,
        answered["lastFollowUpAt"],
    )
    assert [e["type"] for e in await gql.history(case["id"])][-2:] == [
        "ContactAttempted",
        "Visited",
    ]


async def test_a_closed_case_refuses_a_call_and_a_visit(gql: GraphQLClient) -> None:
    case = await _referred_case(gql)
    await close_case(gql, case["id"], reason="SERVICES_LINKED")

    called = await record_contact_attempt(gql, case["id"], outcome="NO_ANSWER")
    visited = await record_visit(
        gql, case["id"], visited_at=_ago(1), child_seen=True, guardian_present=True
    )

    for payload in (called, visited):
        assert [e["code"] for e in payload["userErrors"]] == ["INVALID_TRANSITION"]
        assert payload["case"] is None
