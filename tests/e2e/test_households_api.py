"""Household records over HTTP: a family's record, its children's cases linked to it, and one
home visit recorded for several children, each case by its own rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import child_input, flag_child, household_input

REGISTER = """mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) {
  household { id guardians { fullName phone relation } address { region district mahalla line }
    members { fullName relation } cases { id } }
  userErrors { field code } } }"""
LINK = """mutation($input: LinkCaseToHouseholdInput!) { linkCaseToHousehold(input: $input) {
  case { id household { id } } userErrors { field code } } }"""
VISIT = """mutation($input: RecordHouseholdVisitInput!) { recordHouseholdVisit(input: $input) {
  children { caseId recorded case { id status childSeen } userErrors { field code } }
  userErrors { field code } } }"""
READ = """query($id: ID!) { node(id: $id) { ... on HouseholdRecord { id
  guardians { fullName } cases { id child { fullName } } } } }"""
MAHALLA = "Registon"


async def _register(gql: GraphQLClient) -> dict[str, Any]:
    given = {
        "guardians": [
            {"fullName": "Jeonghwa Park", "phone": "+998901110202", "relation": "mother"}
        ],
        "address": {
            "region": "Toshkent shahri",
            "district": "Chilonzor",
            "mahalla": MAHALLA,
            "line": "Bunyodkor ko'chasi 12",
        },
        "members": [{"fullName": "Park Aziza", "relation": "grandmother"}],
    }
    payload: dict[str, Any] = (await gql.execute(REGISTER, {"input": given}))["registerHousehold"]
    assert payload["userErrors"] == []
    record: dict[str, Any] = payload["household"]
    return record


async def _child_case(gql: GraphQLClient, name: str) -> str:
    payload = await flag_child(
        gql,
        child=child_input(child(name=name)),
        household=household_input(household(mahalla=MAHALLA)),
        source="MAHALLA_TEAM",
    )
    case_id: str = payload["case"]["id"]
    return case_id


async def _link(gql: GraphQLClient, household_id: str, case_id: str) -> dict[str, Any]:
    given = {"householdId": household_id, "caseId": case_id}
    linked: dict[str, Any] = (await gql.execute(LINK, {"input": given}))["linkCaseToHousehold"]
    return linked


async def test_a_registered_household_lists_the_childrens_cases_linked_to_it(
    gql: GraphQLClient,
) -> None:
    record = await _register(gql)
    first, second = await _child_case(gql, "Park Alisher"), await _child_case(gql, "Park Madina")

    linked = [await _link(gql, record["id"], case_id) for case_id in (first, second)]
    read = (await gql.execute(READ, {"id": record["id"]}))["node"]

    assert record["guardians"] == [
        {"fullName": "Jeonghwa Park", "phone": "+998901110202", "relation": "mother"}
    ]
    assert record["cases"] == []
    assert [payload["case"]["household"]["id"] for payload in linked] == [record["id"]] * 2
    assert [case["id"] for case in read["cases"]] == [first, second]


async def test_one_visit_records_each_childs_own_visit_and_reports_the_case_that_refuses(
    gql: GraphQLClient,
) -> None:
    record = await _register(gql)
    seen, unseen, closed = [await _child_case(gql, f"Park {n}") for n in ("A", "B", "C")]
    for case_id in (seen, unseen, closed):
        await _link(gql, record["id"], case_id)
    await gql.mutate("closeCase", caseId=closed, reason="MOVED")
    visited_at = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    children = [
        {"caseId": seen, "childSeen": True, "observations": "Playing in the yard."},
        {"caseId": unseen, "childSeen": False},
        {"caseId": closed, "childSeen": True},
    ]
    given = {
        "householdId": record["id"],
        "visitedAt": visited_at,
        "guardianPresent": True,
        "children": children,
    }

    payload = (await gql.execute(VISIT, {"input": given}))["recordHouseholdVisit"]

    results = payload["children"]
    assert [(r["caseId"], r["recorded"]) for r in results] == [
        (seen, True),
        (unseen, True),
        (closed, False),
    ]
    assert [r["case"]["childSeen"] for r in results[:2]] == [True, False]
    assert results[2]["case"] is None
    assert payload["userErrors"] == [
        {"field": ["input", "children", "2"], "code": "INVALID_TRANSITION"}
    ]


async def test_a_visit_for_a_case_of_another_household_is_refused_for_that_child_alone(
    gql: GraphQLClient,
) -> None:
    record, other = await _register(gql), await _register(gql)
    ours, theirs = await _child_case(gql, "Park D"), await _child_case(gql, "Park E")
    await _link(gql, record["id"], ours)
    await _link(gql, other["id"], theirs)
    given = {
        "householdId": record["id"],
        "visitedAt": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "guardianPresent": False,
        "children": [
            {"caseId": theirs, "childSeen": True},
            {"caseId": ours, "childSeen": True},
        ],
    }

    payload = (await gql.execute(VISIT, {"input": given}))["recordHouseholdVisit"]

    assert [r["recorded"] for r in payload["children"]] == [False, True]
    assert payload["userErrors"] == [
        {"field": ["input", "children", "0", "caseId"], "code": "INVALID_INPUT"}
    ]
