"""`totalCount` on the connections beside `cases`, over HTTP: what a walk through every page
finds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from baxt.application.access.principal import Role
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import child_input, household_input
from tests.serving import RunningServer

CHANGES = """query($id: ID!, $from: DateTime!, $to: DateTime!, $after: String) {
  page: caseChanges(id: $id, from: $from, to: $to, first: 2, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor } } }"""
ACCESS_LOG = """query($id: ID!, $after: String) {
  page: caseAccessLog(id: $id, first: 2, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor } } }"""


async def _case_of_six_events(gql: GraphQLClient) -> str:
    flagged = await gql.mutate(
        "flagChild",
        child=child_input(child(name="Zarina Tosheva")),
        household=household_input(household()),
        source="COMMUNITY_REPORT",
        indicators=["GAS_CUTOFF"],
    )
    case_id: str = flagged["case"]["id"]
    for _ in range(4):
        await gql.mutate("recordContactAttempt", caseId=case_id, outcome="WRONG_NUMBER")
    return case_id


async def _walk(gql: GraphQLClient, query: str, variables: dict[str, Any]) -> tuple[int, set[int]]:
    walked, totals, after = 0, set(), None
    while True:
        page = (await gql.execute(query, {**variables, "after": after}))["page"]
        walked += len(page["edges"])
        totals.add(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            return walked, totals
        after = page["pageInfo"]["endCursor"]


async def test_each_connection_counts_what_its_pages_hold(
    gql: GraphQLClient, server: RunningServer
) -> None:
    case_id = await _case_of_six_events(gql)
    for _ in range(3):
        assert await gql.case(case_id) is not None
    auditor = GraphQLClient(gql.http, server.token("aud.counts", Role.AUDITOR))
    now = datetime.now(UTC)
    window = {"id": case_id, "from": (now - timedelta(hours=1)).isoformat(), "to": now.isoformat()}

    changes = await _walk(auditor, CHANGES, window)
    assert changes == (6, {6})  # flagged, four calls, and the escalation after the third
    reads, totals = await _walk(auditor, ACCESS_LOG, {"id": case_id})
    assert reads >= 3
    assert totals == {reads}
