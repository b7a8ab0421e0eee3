"""`recordReview` over HTTP: the payload and the reads show the review and its progress notes,
and a review refused names its field or its transition."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from baxt.domain.case.reviews import default_next_review
from tests.e2e.client import GraphQLClient
from tests.e2e.test_work_plan_api import VACCINATIONS, _consulted
from tests.factories import child, household
from tests.operations import child_input, flag_child, household_input, record_review

REVIEW = "lastReviewedOn riskLevel nextReviewDue goals { id notes { text } }"
PAYLOAD = f"case {{ id {REVIEW} }} userErrors {{ field message code }}"


async def test_a_caseworker_records_a_review_and_reads_it_back(gql: GraphQLClient) -> None:
    case_id = await _consulted(gql, [VACCINATIONS])
    read = await gql.execute("query($id: ID!) { case(id: $id) { goals { id } } }", {"id": case_id})
    goal = read["case"]["goals"][0]["id"]
    today = datetime.now(UTC) - timedelta(hours=6)

    reviewed = await record_review(
        gql,
        case_id,
        reviewed_on=today.date().isoformat(),
        risk_level="MEDIUM",
        progress=[{"goalId": goal, "note": "First shots given"}],
        note="The family takes part",
        selection=PAYLOAD,
    )

    assert reviewed["userErrors"] == [], reviewed
    case = reviewed["case"]
    assert (case["lastReviewedOn"], case["riskLevel"]) == (today.date().isoformat(), "MEDIUM")
    assert case["nextReviewDue"] == default_next_review(today.date()).isoformat()
    assert [n["text"] for n in case["goals"][0]["notes"]] == ["First shots given"]
    again = await gql.execute(
        f"query($id: ID!) {{ case(id: $id) {{ {REVIEW} }} }}", {"id": case_id}
    )
    assert again["case"] == {key: value for key, value in case.items() if key != "id"}


async def test_a_review_refused_names_its_field_or_transition(gql: GraphQLClient) -> None:
    case_id = await _consulted(gql, [VACCINATIONS])
    today = (datetime.now(UTC) - timedelta(hours=6)).date().isoformat()
    flagged = await flag_child(
        gql,
        child=child_input(child(name="Dilnoza Karimova")),
        household=household_input(household()),
        source="COMMUNITY_REPORT",
    )

    too_soon = await record_review(
        gql, case_id, reviewed_on=today, risk_level="LOW", nextReviewDue=today, selection=PAYLOAD
    )
    early = await record_review(
        gql, flagged["case"]["id"], reviewed_on=today, risk_level="LOW", selection=PAYLOAD
    )

    assert [(e["field"], e["code"]) for e in too_soon["userErrors"]] == [
        (["input", "nextReviewDue"], "INVALID_INPUT")
    ]
    assert [e["code"] for e in early["userErrors"]] == ["INVALID_TRANSITION"]
