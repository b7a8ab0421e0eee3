"""The case list as a frontend's worklist over HTTP: totalCount, a filter, an order, and a
cursor that pages on only in the order that made it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from baxt.application.access.principal import Role
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import child_input, flag_child, household_input
from tests.serving import RunningServer

LIST = """query($f: CaseFilter, $after: String, $order: CaseOrder) {
  cases(filter: $f, first: 2, after: $after, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }"""


async def _flag(gql: GraphQLClient, region: str) -> str:
    payload = await flag_child(
        gql,
        child=child_input(child(name="Nodira Islomova")),
        household=household_input(household(region=region)),
        source="SOCIAL_REGISTRY",
        indicators=["GAS_CUTOFF"],
    )
    case_id: str = payload["case"]["id"]
    return case_id


async def _walk(
    gql: GraphQLClient, case_filter: dict[str, Any], order: str
) -> tuple[list[str], int]:
    ids: list[str] = []
    totals: set[int] = set()
    after = None
    while True:
        variables = {"f": case_filter, "after": after, "order": order}
        page = (await gql.execute(LIST, variables))["cases"]
        ids += [edge["node"]["id"] for edge in page["edges"]]
        totals.add(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    (total,) = totals
    return ids, total


async def test_total_count_is_what_a_walk_through_every_page_finds_in_each_order(
    gql: GraphQLClient,
) -> None:
    region = f"Worklist {datetime.now(UTC).timestamp()}"
    flagged = {await _flag(gql, region) for _ in range(5)}

    for order in ("RECENTLY_UPDATED", "DUE_DATE", "FLAGGED_DATE"):
        ids, total = await _walk(gql, {"region": region}, order)
        assert len(ids) == total == 5
        assert set(ids) == flagged


async def test_the_safety_concern_filter_lists_and_counts_the_case_a_visit_found_unsafe(
    gql: GraphQLClient,
) -> None:
    region = f"Worklist {datetime.now(UTC).timestamp()}"
    unsafe, _ = await _flag(gql, region), await _flag(gql, region)
    visit = await gql.mutate(
        "recordVisit",
        caseId=unsafe,
        visitedAt=(datetime.now(UTC) - timedelta(hours=2)).isoformat(),
        childSeen=True,
        guardianPresent=True,
        safetyConcern=True,
    )
    assert visit["userErrors"] == []

    ids, total = await _walk(gql, {"region": region, "safetyConcern": True}, "RECENTLY_UPDATED")
    assert (ids, total) == ([unsafe], 1)


async def test_a_supervisor_elsewhere_counts_none_of_the_cases_out_of_their_reach(
    gql: GraphQLClient, server: RunningServer
) -> None:
    region = f"Worklist {datetime.now(UTC).timestamp()}"
    await _flag(gql, region)
    elsewhere = GraphQLClient(
        gql.http, server.token("sup.elsewhere", Role.SUPERVISOR, {"districts": ["Yunusobod"]})
    )

    assert await _walk(elsewhere, {"region": region}, "RECENTLY_UPDATED") == ([], 0)
    assert (await _walk(gql, {"region": region}, "RECENTLY_UPDATED"))[1] == 1


async def test_a_cursor_of_one_order_is_refused_in_another(gql: GraphQLClient) -> None:
    region = f"Worklist {datetime.now(UTC).timestamp()}"
    for _ in range(3):
        await _flag(gql, region)
    page = (await gql.execute(LIST, {"f": {"region": region}, "order": "DUE_DATE"}))["cases"]
    cursor = page["pageInfo"]["endCursor"]

    for order in ("RECENTLY_UPDATED", "FLAGGED_DATE"):
        variables = {"f": {"region": region}, "after": cursor, "order": order}
        body = (await gql.post(LIST, variables)).json()
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "order" in body["errors"][0]["message"]
