"""Bad input gets a clear, coded error, never a stack trace or SQL, and changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from baxt.domain.values import Sex
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import PLAN, close_case, household_input, mutation, reopen_case

LEAKS = ("Traceback", 'File "', "psycopg", "SELECT", "INSERT", "baxt/")


def _child_input(personal_id: str, birth_date: date, sex: str = "FEMALE") -> dict[str, Any]:
    return {
        "personalId": personal_id,
        "fullName": "Nilufar Tosheva",
        "birthDate": birth_date.isoformat(),
        "sex": sex,
    }


def _assert_no_leak(body: object) -> None:
    text = str(body)
    assert not any(leak in text for leak in LEAKS), text


async def _flagged_case(gql: GraphQLClient) -> dict[str, Any]:
    kid = child(sex=Sex.MALE)
    payload = await gql.mutate(
        "flagChild",
        child=_child_input(kid.personal_id, kid.birth_date, "MALE"),
        household=household_input(household()),
        source="COMMUNITY_REPORT",
    )
    case: dict[str, Any] = payload["case"]
    return case


async def test_a_pinfl_that_is_not_14_digits_is_refused_with_its_field(gql: GraphQLClient) -> None:
    payload = await gql.mutate(
        "flagChild",
        child=_child_input("1234", date(2019, 5, 1)),
        household=household_input(household()),
        source="COMMUNITY_REPORT",
    )

    assert payload["case"] is None
    assert payload["userErrors"] == [
        {
            "field": ["input", "child", "personalId"],
            "message": "a PINFL is exactly 14 digits",
            "code": "INVALID_PINFL",
        }
    ]


async def test_a_pinfl_whose_date_disagrees_with_the_birth_date_is_refused(
    gql: GraphQLClient,
) -> None:
    kid = child()
    payload = await gql.mutate(
        "flagChild",
        child=_child_input(kid.personal_id, kid.birth_date - timedelta(days=1)),
        household=household_input(household()),
        source="COMMUNITY_REPORT",
    )

    assert [e["code"] for e in payload["userErrors"]] == ["INVALID_PINFL"]


async def test_a_child_of_18_is_refused_and_no_case_is_opened(gql: GraphQLClient) -> None:
    adult = child(years=18)
    payload = await gql.mutate(
        "flagChild",
        child=_child_input(adult.personal_id, adult.birth_date),
        household=household_input(household()),
        source="MAHALLA_TEAM",
    )
    listing = await gql.execute(
        "query($s: String) { cases(filter: {search: $s}) { edges { node { id } } } }",
        {"s": adult.full_name},
    )

    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("NOT_UNDER_18", ["input", "child", "birthDate"])
    ]
    assert payload["case"] is None
    assert all(edge["node"]["id"] for edge in listing["cases"]["edges"])


async def test_a_wrong_type_is_a_coded_graphql_error_without_internals(gql: GraphQLClient) -> None:
    response = await gql.post(
        'mutation { recordVisit(input: {caseId: "x", visitedAt: "yesterday", childSeen: "yes",'
        " guardianPresent: true}) { userErrors { code } } }"
    )

    body = response.json()
    assert body["errors"]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
    _assert_no_leak(body)


async def test_a_wrong_type_in_variables_is_a_coded_error(gql: GraphQLClient) -> None:
    response = await gql.post(
        mutation("recordVisit", "userErrors { code }"),
        {
            "input": {
                "caseId": "x",
                "visitedAt": "not a time",
                "childSeen": True,
                "guardianPresent": True,
            }
        },
    )

    body = response.json()
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
    _assert_no_leak(body)


async def test_an_unknown_case_is_not_found_for_a_mutation_and_null_for_a_query(
    gql: GraphQLClient,
) -> None:
    unknown = "Q2FzZTowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA="
    payload = await close_case(gql, unknown, reason="MOVED")
    garbage = await close_case(gql, "not-an-id", reason="MOVED")

    assert [e["code"] for e in payload["userErrors"]] == ["NOT_FOUND"]
    assert [e["field"] for e in garbage["userErrors"]] == [["input", "caseId"]]
    assert await gql.case(unknown) is None
    assert (await gql.execute('{ node(id: "bm9wZTpub3Bl") { id } }'))["node"] is None


async def test_a_refused_move_changes_nothing(gql: GraphQLClient) -> None:
    case = await _flagged_case(gql)

    consult = await gql.mutate(
        "recordConsultation",
        caseId=case["id"],
        needs=[{"domain": "HEALTH", "level": "LOW"}],
        plan=PLAN,
    )
    refer = await gql.mutate(
        "referCase",
        caseId=case["id"],
        serviceCategory="X",
        provider="Y",
        reason="Z",
        consentGiven=True,
    )
    reopen = await reopen_case(gql, case["id"], reason="why not")

    for payload in (consult, refer, reopen):
        assert [e["code"] for e in payload["userErrors"]] == ["INVALID_TRANSITION"]
        assert payload["case"] is None
    after = await gql.case(case["id"])
    assert after is not None
    assert (after["version"], after["status"]) == (case["version"], "FLAGGED")


async def test_a_consultation_before_the_child_was_seen_is_refused(gql: GraphQLClient) -> None:
    case = await _flagged_case(gql)
    when = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    unseen = await gql.mutate(
        "recordVisit", caseId=case["id"], visitedAt=when, childSeen=False, guardianPresent=True
    )

    consult = await gql.mutate(
        "recordConsultation",
        caseId=case["id"],
        needs=[{"domain": "SAFETY", "level": "HIGH"}],
        plan=PLAN,
    )
    close = await close_case(gql, case["id"], reason="NO_NEEDS_FOUND")

    assert unseen["case"]["status"] == "VISITED"
    assert [e["code"] for e in consult["userErrors"]] == ["CHILD_NOT_SEEN"]
    assert [e["code"] for e in close["userErrors"]] == ["CHILD_NOT_SEEN"]


async def test_a_request_without_a_valid_token_is_401_unauthenticated(
    http: httpx.AsyncClient,
) -> None:
    missing = await http.post("/graphql", json={"query": "{ cases { edges { cursor } } }"})
    forged = await http.post(
        "/graphql",
        json={"query": "{ cases { edges { cursor } } }"},
        headers={"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."},
    )

    for response in (missing, forged):
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
