"""`correctChild` and `correctHousehold` over HTTP: the payload and the reads follow, the history
shows each correction before and after as reads mask it, and bad input names its field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from baxt.application.access.masks import PINFL_MASK
from baxt.application.access.principal import Role
from tests.e2e.client import GraphQLClient
from tests.e2e.test_audit_history import AS_OF, CHANGES
from tests.factories import child, household
from tests.operations import (
    child_input,
    close_case,
    correct_child,
    correct_household,
    flag_child,
    household_input,
)
from tests.serving import RunningServer

REASON = "The screening import misspelt the name; the birth certificate shows it"


async def _flagged(gql: GraphQLClient, name: str = "Gulchehra Tursunova") -> dict[str, Any]:
    flagged = await flag_child(
        gql,
        child=child_input(child(name=name)),
        household=household_input(household()),
        source="COMMUNITY_REPORT",
    )
    assert flagged["userErrors"] == [], flagged
    case: dict[str, Any] = flagged["case"]
    return case


async def test_a_caseworker_corrects_the_child_and_household_and_every_read_follows(
    gql: GraphQLClient,
) -> None:
    case = await _flagged(gql, "Gulchehra Tursunuva")

    named = await correct_child(
        gql, case["id"], reason=REASON, fullName="Gulchehra Tursunova", expectedVersion=1
    )
    moved = await correct_household(
        gql, case["id"], reason="New phone", guardianPhone="+998 97 111 22 33", mahalla="Minor"
    )

    assert named["userErrors"] == moved["userErrors"] == []
    assert named["case"]["child"]["fullName"] == "Gulchehra Tursunova"
    assert moved["case"]["version"] == 3
    read = await gql.case(case["id"])
    assert read is not None
    assert read["child"] == named["case"]["child"]
    assert read["household"]["guardianPhone"] == "+998971112233"
    assert read["household"]["mahalla"] == "Minor"
    assert read["status"] == "FLAGGED"


async def test_the_history_shows_each_correction_before_and_after_masked_as_reads_are(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case = await _flagged(gql, "Gulchehra Tursunuva")
    await correct_child(gql, case["id"], reason=REASON, fullName="Gulchehra Tursunova")
    supervisor = GraphQLClient(http, server.token("sardor.supervisor", Role.SUPERVISOR))
    since = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    to = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()

    found = await supervisor.execute(CHANGES, {"id": case["id"], "from": since, "to": to})
    events = await gql.history(case["id"])
    before, after = [
        (await supervisor.execute(AS_OF, {"id": case["id"], "version": v}))["caseAsOf"]
        for v in (1, 2)
    ]

    corrected = found["caseChanges"]["nodes"][-1]
    assert (corrected["type"], corrected["actor"]) == ("ChildCorrected", "aziza.caseworker")
    (change,) = corrected["changes"]
    assert change["field"] == "child"
    assert change["before"]["fullName"] == "Gulchehra Tursunuva"
    assert change["after"]["fullName"] == "Gulchehra Tursunova"
    assert change["before"]["personalId"] == change["after"]["personalId"] == PINFL_MASK
    assert (before["child"]["fullName"], after["child"]["fullName"]) == (
        "Gulchehra Tursunuva",
        "Gulchehra Tursunova",
    )
    assert before["child"]["personalId"] == after["child"]["personalId"] == PINFL_MASK
    assert events[-1]["type"] == "ChildCorrected"
    assert events[-1]["data"]["fullName"] == "Gulchehra Tursunova"
    assert events[-1]["data"]["reason"] == REASON


async def test_a_closed_case_is_corrected_and_stays_closed(gql: GraphQLClient) -> None:
    case = await _flagged(gql)
    await close_case(gql, case["id"], reason="MOVED")

    moved = await correct_household(gql, case["id"], reason="Old address", mahalla="Qatortol")

    assert moved["userErrors"] == []
    assert (moved["case"]["status"], moved["case"]["household"]["mahalla"]) == (
        "CLOSED",
        "Qatortol",
    )


async def test_bad_corrections_are_refused_on_their_field_and_change_nothing(
    gql: GraphQLClient,
) -> None:
    case = await _flagged(gql)
    born = datetime.fromisoformat(case["child"]["birthDate"]).date()

    answers = [
        await correct_child(gql, case["id"], reason=REASON, birthDate=str(born + timedelta(1))),
        await correct_child(gql, case["id"], reason=REASON, sex="MALE"),
        await correct_child(gql, case["id"], reason=" ", fullName="Gulchehra"),
        await correct_household(gql, case["id"], reason=REASON, guardianPhone="97 111 22 33"),
        await correct_household(gql, case["id"], reason=REASON),
        await correct_child(gql, case["id"], reason=REASON, fullName="G", expectedVersion=7),
    ]

    assert [(a["case"], [(e["field"], e["code"]) for e in a["userErrors"]]) for a in answers] == [
        (None, [(["input", "birthDate"], "INVALID_PINFL")]),
        (None, [(["input", "sex"], "INVALID_PINFL")]),
        (None, [(["input", "reason"], "INVALID_INPUT")]),
        (None, [(["input", "guardianPhone"], "INVALID_INPUT")]),
        (None, [(None, "INVALID_INPUT")]),
        (None, [(["input", "expectedVersion"], "CONFLICT")]),
    ]
    read = await gql.case(case["id"])
    assert read is not None
    assert read["version"] == 1


async def test_an_auditor_may_not_correct_a_case(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case = await _flagged(gql)
    auditor = GraphQLClient(http, server.token("aud.c", Role.AUDITOR))

    body = (
        await auditor.post(
            "mutation($input: CorrectChildInput!) { correctChild(input: $input) {"
            " case { id } userErrors { code } } }",
            {"input": {"caseId": case["id"], "reason": REASON, "fullName": "X Y"}},
        )
    ).json()

    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
