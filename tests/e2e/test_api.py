from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from baxt.graphql.schema import schema
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import child_input, flag_child, household_input, record_contact_attempt

SCHEMA_FILE = Path(__file__).parents[2] / "schema.graphql"


async def _flag(gql: GraphQLClient, name: str, region: str = "Xorazm viloyati") -> dict[str, Any]:
    kid, h = child(name=name), household(region=region)
    payload = await flag_child(
        gql,
        child=child_input(kid),
        household=household_input(h),
        source="SOCIAL_REGISTRY",
        indicators=["GAS_CUTOFF"],
    )
    case: dict[str, Any] = payload["case"]
    return case


def test_the_committed_schema_file_is_the_schema_the_server_serves() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema.as_str() + "\n", (
        "schema.graphql is stale: run `python -m baxt.graphql.export > schema.graphql`"
    )


async def test_two_concurrent_commands_on_one_version_one_wins_one_conflicts(
    gql: GraphQLClient,
) -> None:
    case = await _flag(gql, "Sardor Rahimov")
    when = (datetime.now(UTC) - timedelta(minutes=30)).isoformat()

    results = await asyncio.gather(
        *(
            gql.mutate(
                "recordVisit",
                caseId=case["id"],
                visitedAt=when,
                childSeen=True,
                guardianPresent=seen,
                expectedVersion=case["version"],
            )
            for seen in (True, False)
        )
    )

    codes = sorted(tuple(e["code"] for e in r["userErrors"]) for r in results)
    assert codes == [(), ("CONFLICT",)]
    after = await gql.case(case["id"])
    assert after is not None
    assert after["version"] == case["version"] + 1


async def test_cases_are_listed_newest_first_in_pages_with_filters(gql: GraphQLClient) -> None:
    region = f"Region {datetime.now(UTC).timestamp()}"
    surnames = ("Aliyeva", "Botirova", "Valiyeva", "Gulomova", "Dadajonova")
    flagged = [await _flag(gql, f"Kamola {surname}", region=region) for surname in surnames]
    query = """query($f: CaseFilter, $after: String) {
      cases(filter: $f, first: 2, after: $after) {
        pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { cursor node { id child { fullName } } } } }"""

    ids: list[str] = []
    after = None
    while True:
        page = (await gql.execute(query, {"f": {"region": region}, "after": after}))["cases"]
        ids += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert ids == [case["id"] for case in reversed(flagged)]
    by_name = await gql.execute(
        'query($r: String) { cases(filter: {region: $r, search: "kamola gul", status: [FLAGGED]})'
        " { edges { node { id } } } }",
        {"r": region},
    )
    assert [e["node"]["id"] for e in by_name["cases"]["edges"]] == [flagged[3]["id"]]


async def test_a_page_larger_than_the_cap_is_refused_with_a_code(gql: GraphQLClient) -> None:
    body = (await gql.post("{ cases(first: 5000) { edges { cursor } } }")).json()

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_health_and_readiness_answer(http: httpx.AsyncClient) -> None:
    assert (await http.get("/healthz")).json() == {"status": "ok"}
    ready = await http.get("/readyz")
    assert ready.status_code in (200, 503)
    assert "status" in ready.json()


async def test_browsers_get_graphiql_without_a_token(http: httpx.AsyncClient) -> None:
    page = await http.get("/graphql", headers={"Accept": "text/html"})

    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


async def test_the_third_missed_call_shows_the_escalation_on_the_case(gql: GraphQLClient) -> None:
    case = await _flag(gql, "Umida Nazarova")
    for _ in range(3):
        payload = await record_contact_attempt(gql, case["id"], outcome="NO_ANSWER")

    assert payload["case"]["escalation"] == "SUPERVISOR"
    assert (payload["case"]["status"], payload["case"]["contactAttempts"]) == ("FLAGGED", 3)
    types = [e["type"] for e in await gql.history(case["id"])]
    assert types[-2:] == ["ContactAttempted", "Escalated"]
