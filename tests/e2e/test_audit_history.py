"""A case as of a moment or a version, and what each event changed, over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.core.node import global_id
from tests.e2e.client import CASE_FIELDS, GraphQLClient
from tests.factories import child, household

AS_OF = (
    "query($id: ID!, $at: DateTime, $version: Int) { caseAsOf(id: $id, at: $at, version: $version)"
    " { ...CaseFields history { nodes { sequence type } } } }" + CASE_FIELDS
)
CHANGES = """
query($id: ID!, $from: DateTime!, $to: DateTime!, $first: Int, $after: String) {
  caseChanges(id: $id, from: $from, to: $to, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { version type occurredAt actor changes { field before after } } } }
"""
UNKNOWN_CASE = global_id(CASE_TYPE, str(UUID(int=0)))


async def _case_with_history(gql: GraphQLClient) -> tuple[str, list[dict[str, Any]]]:
    """A case flagged, missed once, then reached: three versions, and its history."""
    kid, h = child(name="Nodira Aliyeva"), household()
    flagged = await gql.mutate(
        "flagChild",
        child={
            "personalId": kid.personal_id,
            "fullName": kid.full_name,
            "birthDate": kid.birth_date.isoformat(),
            "sex": kid.sex.value,
        },
        household={
            "guardianName": h.guardian_name,
            "guardianPhone": h.guardian_phone,
            "region": h.region,
            "district": h.district,
            "mahalla": h.mahalla,
        },
        source="COMMUNITY_REPORT",
        indicators=["GAS_CUTOFF"],
    )
    case_id = flagged["case"]["id"]
    await gql.mutate("recordContactAttempt", caseId=case_id, outcome="NO_ANSWER")
    visit_at = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    await gql.mutate(
        "recordContactAttempt", caseId=case_id, outcome="REACHED", visitScheduledAt=visit_at
    )
    return case_id, await gql.history(case_id)


async def _as_of(gql: GraphQLClient, case_id: str, **moment: Any) -> dict[str, Any] | None:
    found: dict[str, Any] | None = (await gql.execute(AS_OF, {"id": case_id, **moment}))["caseAsOf"]
    return found


async def test_a_case_as_of_a_version_shows_that_version_and_its_history_so_far(
    gql: GraphQLClient,
) -> None:
    case_id, _ = await _case_with_history(gql)

    first = await _as_of(gql, case_id, version=1)
    second = await _as_of(gql, case_id, version=2)

    assert first is not None
    assert second is not None
    assert (first["version"], first["status"], first["contactAttempts"]) == (1, "FLAGGED", 0)
    assert [e["type"] for e in first["history"]["nodes"]] == ["Flagged"]
    assert (second["version"], second["contactAttempts"]) == (2, 1)
    assert [e["sequence"] for e in second["history"]["nodes"]] == [1, 2]
    third = await _as_of(gql, case_id, version=3)
    assert third is not None
    assert _without_history(third) == await _live(gql, case_id)
    assert [e["type"] for e in third["history"]["nodes"]] == [
        "Flagged",
        "ContactAttempted",
        "ContactAttempted",
    ]


async def test_a_case_as_of_a_moment_is_the_case_after_the_last_event_by_then(
    gql: GraphQLClient,
) -> None:
    case_id, history = await _case_with_history(gql)
    reached_at = datetime.fromisoformat(history[2]["occurredAt"])
    missed_at = datetime.fromisoformat(history[1]["occurredAt"])

    just_before_reached = await _as_of(
        gql, case_id, at=(reached_at - timedelta(microseconds=1)).isoformat()
    )
    at_the_miss = await _as_of(gql, case_id, at=missed_at.isoformat())
    long_after = await _as_of(gql, case_id, at=(reached_at + timedelta(days=30)).isoformat())

    assert just_before_reached is not None
    assert at_the_miss is not None
    assert just_before_reached["version"] == at_the_miss["version"] == 2
    assert just_before_reached["status"] == "FLAGGED"
    assert long_after is not None
    assert _without_history(long_after) == await _live(gql, case_id)


async def test_before_its_flag_or_past_its_last_version_or_unknown_the_case_is_null(
    gql: GraphQLClient,
) -> None:
    case_id, history = await _case_with_history(gql)
    flagged_at = datetime.fromisoformat(history[0]["occurredAt"])

    assert await _as_of(gql, case_id, at=(flagged_at - timedelta(seconds=1)).isoformat()) is None
    assert await _as_of(gql, case_id, version=4) is None
    assert await _as_of(gql, UNKNOWN_CASE, version=1) is None
    assert await _as_of(gql, "not-an-id", at=flagged_at.isoformat()) is None


async def test_as_of_needs_exactly_one_of_a_moment_and_a_version(gql: GraphQLClient) -> None:
    case_id, _ = await _case_with_history(gql)
    now = datetime.now(UTC).isoformat()

    for moment in ({}, {"at": now, "version": 1}, {"version": 0}):
        body = (await gql.post(AS_OF, {"id": case_id, **moment})).json()
        assert body["data"]["caseAsOf"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]


async def test_changes_list_each_event_of_the_range_with_its_field_diffs(
    gql: GraphQLClient,
) -> None:
    case_id, history = await _case_with_history(gql)
    flagged_at = datetime.fromisoformat(history[0]["occurredAt"])
    to = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()

    data = await gql.execute(CHANGES, {"id": case_id, "from": flagged_at.isoformat(), "to": to})
    changes = data["caseChanges"]["nodes"]

    assert [(c["version"], c["type"]) for c in changes] == [
        (2, "ContactAttempted"),
        (3, "ContactAttempted"),
    ]
    assert changes[0]["actor"] == "aziza.caseworker"
    assert changes[0]["changes"] == [{"field": "contactAttempts", "before": 0, "after": 1}]
    reached = {c["field"]: (c["before"], c["after"]) for c in changes[1]["changes"]}
    assert reached.keys() == {"status", "contactAttempts", "visitScheduledAt"}
    assert reached["status"] == ("FLAGGED", "CONTACTED")
    assert reached["visitScheduledAt"][0] is None


async def test_changes_come_in_pages_and_start_from_nothing_at_the_flag(
    gql: GraphQLClient,
) -> None:
    case_id, history = await _case_with_history(gql)
    since = (datetime.fromisoformat(history[0]["occurredAt"]) - timedelta(days=1)).isoformat()
    to = datetime.now(UTC).isoformat()

    page = (await gql.execute(CHANGES, {"id": case_id, "from": since, "to": to, "first": 2}))[
        "caseChanges"
    ]
    after = page["pageInfo"]["endCursor"]
    rest = (
        await gql.execute(
            CHANGES, {"id": case_id, "from": since, "to": to, "first": 2, "after": after}
        )
    )["caseChanges"]

    assert page["pageInfo"]["hasNextPage"]
    assert not rest["pageInfo"]["hasNextPage"]
    assert [c["version"] for c in page["nodes"] + rest["nodes"]] == [1, 2, 3]
    flag = {c["field"]: (c["before"], c["after"]) for c in page["nodes"][0]["changes"]}
    assert flag["status"] == (None, "FLAGGED")
    assert flag["indicators"] == (None, ["GAS_CUTOFF"])
    assert flag["child"][1]["fullName"] == "Nodira Aliyeva"


async def _live(gql: GraphQLClient, case_id: str) -> dict[str, Any]:
    live = await gql.case(case_id)
    assert live is not None
    return live


def _without_history(case: dict[str, Any]) -> dict[str, Any]:
    return {field: value for field, value in case.items() if field != "history"}
