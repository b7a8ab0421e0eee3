"""`reviseWorkPlan` over HTTP: the payload and the reads show the goals, the plan as of a
version is the plan then, the consulted cases without a plan are listed, and bad input names
its field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from baxt.application.access.principal import Role
from baxt.domain.work_plan import goal_id
from baxt.graphql.cases.ids import case_uuid
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import (
    child_input,
    flag_child,
    household_input,
    record_consultation,
    record_visit,
    revise_work_plan,
)
from tests.serving import RunningServer

GOALS = "goals { id text status serviceCategory dueOn notes { text notedAt actor } }"
PAYLOAD = f"case {{ id version {GOALS} }} userErrors {{ field message code }}"
NEEDS = [{"domain": "HEALTH", "level": "HIGH"}]
VACCINATIONS = {"goal": "Vaccinations", "serviceCategory": "HEALTH_CLINIC", "dueOn": "2026-06-30"}
SPEECH = {"goal": "Speech sessions", "serviceCategory": "SPEECH_THERAPY", "dueOn": "2026-09-30"}
AS_OF = f"query($id: ID!, $version: Int) {{ caseAsOf(id: $id, version: $version) {{ {GOALS} }} }}"
WITHOUT_PLAN = (
    "query($without: Boolean) { cases(first: 100, filter: {withoutWorkPlan: $without})"
    " { edges { node { id status } } } }"
)


async def _visited(gql: GraphQLClient) -> str:
    flagged = await flag_child(
        gql,
        child=child_input(child(name="Malika Yusupova")),
        household=household_input(household()),
        source="COMMUNITY_REPORT",
    )
    case_id: str = flagged["case"]["id"]
    visited_at = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    await record_visit(gql, case_id, visited_at=visited_at, child_seen=True, guardian_present=True)
    return case_id


async def _consulted(gql: GraphQLClient, plan: list[dict[str, Any]]) -> str:
    case_id = await _visited(gql)
    consulted = await record_consultation(gql, case_id, needs=NEEDS, plan=plan)
    assert consulted["userErrors"] == [], consulted
    return case_id


async def _listed(gql: GraphQLClient, without: bool) -> set[str]:
    found = await gql.execute(WITHOUT_PLAN, {"without": without})
    return {edge["node"]["id"] for edge in found["cases"]["edges"]}


async def test_a_caseworker_revises_the_plan_and_reads_the_goals_back(gql: GraphQLClient) -> None:
    case_id = await _consulted(gql, [VACCINATIONS])
    read = await gql.execute(f"query($id: ID!) {{ case(id: $id) {{ {GOALS} }} }}", {"id": case_id})
    (first,) = read["case"]["goals"]
    assert first["id"] == goal_id(case_uuid(case_id), 1)

    revised = await revise_work_plan(
        gql,
        case_id,
        reason="Quarterly review",
        add=[SPEECH],
        change=[{"goalId": first["id"], "status": "ACHIEVED", "note": "All shots given"}],
        selection=PAYLOAD,
    )

    assert revised["userErrors"] == [], revised
    goals = revised["case"]["goals"]
    assert [(g["text"], g["status"]) for g in goals] == [
        ("Vaccinations", "ACHIEVED"),
        ("Speech sessions", "OPEN"),
    ]
    assert goals[0]["id"] == first["id"]
    assert [n["text"] for n in goals[0]["notes"]] == ["All shots given"]
    again = await gql.execute(f"query($id: ID!) {{ case(id: $id) {{ {GOALS} }} }}", {"id": case_id})
    assert again["case"]["goals"] == goals


async def test_the_plan_as_of_a_version_is_the_plan_then(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _consulted(gql, [VACCINATIONS])
    await revise_work_plan(gql, case_id, reason="Review", add=[SPEECH])
    supervisor = GraphQLClient(http, server.token("sardor.supervisor", Role.SUPERVISOR))

    before, after = [
        (await supervisor.execute(AS_OF, {"id": case_id, "version": v}))["caseAsOf"]["goals"]
        for v in (3, 4)
    ]

    assert [g["text"] for g in before] == ["Vaccinations"]
    assert [g["text"] for g in after] == ["Vaccinations", "Speech sessions"]


async def test_a_consultation_without_a_plan_is_refused_and_changes_nothing(
    gql: GraphQLClient,
) -> None:
    case_id = await _visited(gql)

    refused = await record_consultation(gql, case_id, needs=NEEDS, plan=[])
    unsaid = await record_consultation(gql, case_id, needs=NEEDS)

    for payload in (refused, unsaid):
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
            ("WORK_PLAN_REQUIRED", ["input", "plan"])
        ]
    after = await gql.case(case_id)
    assert after is not None
    assert after["status"] == "VISITED"


async def test_the_consulted_cases_without_a_plan_are_listed(gql: GraphQLClient) -> None:
    planned = await _consulted(gql, [VACCINATIONS])
    unplanned = await _consulted(gql, [VACCINATIONS])
    dropped = await revise_work_plan(
        gql,
        unplanned,
        reason="The family moved clinics",
        change=[{"goalId": goal_id(case_uuid(unplanned), 1), "status": "DROPPED"}],
    )
    assert dropped["userErrors"] == [], dropped

    without, with_plan = await _listed(gql, True), await _listed(gql, False)
    assert (unplanned in without, planned in without) == (True, False)
    assert (planned in with_plan, unplanned in with_plan) == (True, False)

    made = await revise_work_plan(gql, unplanned, reason="Plan made", add=[SPEECH])
    assert made["userErrors"] == []
    assert unplanned not in await _listed(gql, True)


async def test_a_bad_revision_names_its_field_and_a_flagged_case_refuses_one(
    gql: GraphQLClient,
) -> None:
    case_id = await _consulted(gql, [VACCINATIONS])
    flagged = await flag_child(
        gql,
        child=child_input(child(name="Dilshod Karimov")),
        household=household_input(household()),
        source="COMMUNITY_REPORT",
    )

    bad = await revise_work_plan(
        gql, case_id, reason="Review", add=[{**SPEECH, "serviceCategory": "ASTROLOGY"}]
    )
    early = await revise_work_plan(gql, flagged["case"]["id"], reason="Review", add=[SPEECH])
    unknown = await revise_work_plan(
        gql, case_id, reason="Review", change=[{"goalId": "nope", "note": "x"}]
    )

    assert bad["userErrors"] == [
        {
            "field": ["input", "add", "0", "serviceCategory"],
            "message": "ASTROLOGY is not a service category",
            "code": "INVALID_INPUT",
        }
    ]
    assert [e["code"] for e in early["userErrors"]] == ["INVALID_TRANSITION"]
    assert [e["field"] for e in unknown["userErrors"]] == [["input", "change", "0", "goalId"]]
