"""Interagency teams over HTTP: a pilot mahalla's team, a parenting training of 12 parents of
whom 9 were certified, a case conference on two cases with a decision on each (in each case's
history), and the quarter's training figures equal to the sums by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from baxt.application.access.principal import Role
from baxt.domain.quarter import Quarter, local_date
from tests.e2e.client import GraphQLClient
from tests.factories import child
from tests.operations import child_input, flag_child, mutation, run
from tests.serving import RunningServer

PLACE = {"region": "Xorazm viloyati", "district": "Urganch shahri", "mahalla": "Al-Xorazmiy"}
TEAM = "team { id name coordinationGroup members { memberId fullName agency role } }"
GATHERING = """gathering { id kind quarter participants parentsAttending certificatesIssued
  caseIds cases { id child { fullName birthDate } } } userErrors { field code }"""
HISTORY = """query($id: ID!) { case(id: $id) { history(first: 50) {
  nodes { type data } } } }"""
FIGURES = """query($q: String!) { trainingFigures(quarter: $q, level: MAHALLA,
  district: "Urganch shahri") { places { mahalla trainingsHeld parentingTrainings peopleTrained
  parentsTrained parentsCertified } total { trainingsHeld peopleTrained parentsCertified }
  suppressed smallCountThreshold } }"""
HELD = local_date(datetime.now(UTC) - timedelta(days=1))


async def _team(gql: GraphQLClient) -> dict[str, Any]:
    given = {"name": "Al-Xorazmiy team", "place": PLACE, "coordinationGroup": "CG-Xorazm"}
    formed = await run(gql, "createInteragencyTeam", given, TEAM + " userErrors { code }")
    assert formed["userErrors"] == []
    team_id = formed["team"]["id"]
    members = [
        ("Rahimov Bekzod", "POLICE_INSPECTOR", "inspector for minors"),
        ("Yusupova Malika", "SCHOOL", "psychologist"),
        ("Qodirova Nodira", "CLINIC", "family doctor"),
    ]
    for full_name, agency, role in members:
        given = {"teamId": team_id, "fullName": full_name, "agency": agency, "role": role}
        added = await run(gql, "addTeamMember", given, TEAM + " userErrors { code }")
        assert added["userErrors"] == []
    team: dict[str, Any] = added["team"]
    return team


async def _gathering(gql: GraphQLClient, **given: Any) -> dict[str, Any]:
    base = {"heldOn": HELD.isoformat(), "place": PLACE}
    recorded: dict[str, Any] = await run(gql, "recordGathering", base | given, GATHERING)
    return recorded


async def _case(gql: GraphQLClient, name: str) -> str:
    home = {"guardianName": "Karimova Dilnoza", "guardianPhone": "+998901234567", **PLACE}
    flagged = await flag_child(
        gql, child=child_input(child(name=name)), household=home, source="MAHALLA_TEAM"
    )
    case_id: str = flagged["case"]["id"]
    return case_id


async def test_a_pilot_mahallas_team_trains_parents_and_confers_on_two_cases(
    gql: GraphQLClient, http: httpx.AsyncClient, server: RunningServer
) -> None:
    team = await _team(gql)
    attendance = [{"agency": "NGO", "participants": 2}, {"agency": "MAHALLA", "participants": 1}]
    training = await _gathering(
        gql,
        kind="PARENTING_TRAINING",
        teamId=team["id"],
        attendance=attendance,
        parentsAttending=12,
        certificatesIssued=9,
    )
    seminar = await _gathering(
        gql, kind="SEMINAR", attendance=[{"agency": "SCHOOL", "participants": 6}]
    )
    cases = [await _case(gql, "Otabek Rahimov"), await _case(gql, "Dildora Rahimova")]
    conference = await _gathering(
        gql,
        kind="CASE_CONFERENCE",
        teamId=team["id"],
        attendance=[{"agency": "POLICE_INSPECTOR", "participants": 1}],
        caseIds=cases,
    )
    decisions = ["Refer the family to the clinic", "Enrol the child in the school's club"]
    decided = [
        await run(
            gql,
            "recordConferenceDecision",
            {"caseId": case_id, "gatheringId": conference["gathering"]["id"], "decision": text},
            "case { id } userErrors { field code }",
        )
        for case_id, text in zip(cases, decisions, strict=True)
    ]
    # Each decision waited for its case's row, so the projection had written every gathering.
    histories = [(await gql.execute(HISTORY, {"id": c}))["case"]["history"]["nodes"] for c in cases]
    analyst = GraphQLClient(http, server.token("an.teams", Role.ANALYST))
    figures = (
        await analyst.execute(
            FIGURES, {"q": str(Quarter.containing(datetime.now(UTC) - timedelta(days=1)))}
        )
    )["trainingFigures"]

    assert [m["agency"] for m in team["members"]] == ["POLICE_INSPECTOR", "SCHOOL", "CLINIC"]
    assert training["userErrors"] == []
    assert seminar["userErrors"] == []
    assert training["gathering"]["participants"] == 2 + 1 + 12
    assert (training["gathering"]["certificatesIssued"], training["gathering"]["caseIds"]) == (
        9,
        [],
    )
    assert [c["id"] for c in conference["gathering"]["cases"]] == cases
    shown = [c["child"]["fullName"] for c in conference["gathering"]["cases"]]
    assert shown == ["Otabek Rahimov", "Dildora Rahimova"]  # opened, never the sealed text
    assert [d["userErrors"] for d in decided] == [[], []]
    for history, text in zip(histories, decisions, strict=True):
        (entry,) = [e for e in history if e["type"] == "CaseConferenceDecisionRecorded"]
        assert entry["data"]["decision"] == text
    (place,) = figures["places"]
    assert place == {
        "mahalla": "Al-Xorazmiy",
        "trainingsHeld": 2,
        "parentingTrainings": 1,
        "peopleTrained": (2 + 1 + 12) + 6,
        "parentsTrained": 12,
        "parentsCertified": 9,
    }
    assert figures["total"] == {"trainingsHeld": 2, "peopleTrained": 21, "parentsCertified": 9}
    assert (figures["suppressed"], figures["smallCountThreshold"]) == (True, 5)


async def test_a_decision_on_a_case_the_conference_did_not_discuss_is_refused(
    gql: GraphQLClient,
) -> None:
    discussed, other = await _case(gql, "Aziz Karimov"), await _case(gql, "Laylo Karimova")
    conference = await _gathering(gql, kind="CASE_CONFERENCE", caseIds=[discussed])
    given = {"caseId": other, "gatheringId": conference["gathering"]["id"], "decision": "Refer"}

    refused = await run(
        gql, "recordConferenceDecision", given, "case { id } userErrors { field code }"
    )

    assert refused == {
        "case": None,
        "userErrors": [{"field": ["input", "caseId"], "code": "CASE_NOT_DISCUSSED"}],
    }


async def test_certificates_beyond_the_parents_there_are_refused_on_their_field(
    gql: GraphQLClient,
) -> None:
    refused = await _gathering(
        gql, kind="PARENTING_TRAINING", parentsAttending=3, certificatesIssued=4
    )

    assert refused["gathering"] is None
    assert refused["userErrors"] == [
        {"field": ["input", "certificatesIssued"], "code": "INVALID_INPUT"}
    ]


async def test_a_team_outside_the_callers_mahallas_is_forbidden(gql: GraphQLClient) -> None:
    given = {"name": "Elsewhere", "place": {**PLACE, "mahalla": "Gulshan"}}

    document = mutation("createInteragencyTeam", "team { id }")
    body = (await gql.post(document, {"input": given})).json()

    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
