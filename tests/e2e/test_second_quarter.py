"""The stories' second quarter over HTTP, as the demo plays it: the caseworker reviews the two
open cases, follows one up and asks to close it, which the district's supervisor approves;
she revises the other's plan and asks to move it to Chirchiq, whose supervisor accepts it and
gives it to a caseworker there. Each reads the cases back with a token of their own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from baxt.application.access.principal import Role
from baxt.devtools.demo import Story, stories
from baxt.devtools.second_quarter import SUPERVISOR, SecondQuarter, Transfer
from baxt.domain.validation import age_on
from tests.e2e.client import GraphQLClient
from tests.e2e.seed_stories import play_story
from tests.factories import child
from tests.operations import (
    PENDING_PAYLOAD,
    accept_transfer,
    approve_closure,
    record_review,
    record_visit,
    request_transfer,
    revise_work_plan,
    run,
)
from tests.serving import RunningServer

CASEWORKER = "aziza.caseworker"
READ = """query($id: ID!) { case(id: $id) { id status closeReason caseworker followUps
  lastReviewedOn riskLevel pendingApproval { kind } pendingTransfer { district }
  household { region district mahalla }
  goals { id text status notes { text } } } }"""
QUEUE = "{ approvalQueue(first: 100) { edges { node { id } } } }"
INCOMING = "{ incomingTransfers(first: 100) { edges { node { id } } } }"
STAFF = """mutation($input: StaffMemberInput!) { saveStaffMember(input: $input) {
  userErrors { code message } } }"""


def _second(title: str) -> tuple[Story, SecondQuarter]:
    """The story called `title`, with a child of its own, so that it plays beside the other
    tests' copies of the same story."""
    story = next(s for s in stories(datetime.now(UTC).date()) if s.title == title)
    assert story.second is not None
    years = age_on(story.child.birth_date, date.today())
    kid = child(years=years, sex=story.child.sex, name=story.child.full_name)
    return Story(**{**vars(story), "child": kid}), story.second


async def _read(client: GraphQLClient, case_id: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = (await client.execute(READ, {"id": case_id}))["case"]
    return found


async def _ids(client: GraphQLClient, query: str) -> list[str]:
    data = await client.execute(query)
    return [edge["node"]["id"] for edge in next(iter(data.values()))["edges"]]


async def _reviewed(gql: GraphQLClient, case_id: str, quarter: SecondQuarter) -> str:
    """Records the quarter's review; the day it was held on."""
    goals = [goal["id"] for goal in (await _read(gql, case_id) or {})["goals"]]
    review = quarter.review
    day = (datetime.now(UTC) - timedelta(hours=6)).date().isoformat()
    reviewed = await record_review(
        gql,
        case_id,
        reviewed_on=day,
        risk_level=review.risk_level.value,
        progress=[{"goalId": goals[place], "note": note} for place, note in review.progress],
        note=review.note,
    )
    assert reviewed["userErrors"] == [], reviewed
    return day


def _as(
    http: httpx.AsyncClient, server: RunningServer, user: str, role: Role, **scope: object
) -> GraphQLClient:
    return GraphQLClient(http, server.token(user, role, scope or None))


async def _on_the_roster(http: httpx.AsyncClient, server: RunningServer, move: Transfer) -> None:
    member = {
        "userId": move.caseworker,
        "fullName": "Chirchiq Caseworker",
        "role": "CASEWORKER",
        "region": move.region,
        "district": move.district,
        "mahallas": [move.mahalla],
    }
    admin = _as(http, server, "admin.roster", Role.ADMIN)
    saved = await admin.execute(STAFF, {"input": member})
    assert saved["saveStaffMember"]["userErrors"] == [], saved


async def test_a_follow_up_and_a_review_then_a_closure_the_supervisor_approves(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    story, quarter = _second("An aggressive 9-year-old")
    assert quarter.follow_up is not None
    assert quarter.closure is not None
    case_id = (await play_story(gql, story))["id"]
    supervisor = _as(http, server, SUPERVISOR, Role.SUPERVISOR, districts=["Urganch shahri"])
    an_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()

    visited = await record_visit(
        gql,
        case_id,
        visited_at=an_hour_ago,
        child_seen=True,
        guardian_present=True,
        observations=quarter.follow_up,
    )
    reviewed_on = await _reviewed(gql, case_id, quarter)
    closure = quarter.closure
    given = {"caseId": case_id, "reason": closure.reason.value, "note": closure.note}
    asked = await run(gql, "closeCase", given, PENDING_PAYLOAD)
    queued = await _ids(supervisor, QUEUE)
    approved = await approve_closure(
        supervisor, case_id, comment=closure.comment, selection=PENDING_PAYLOAD
    )

    assert visited["userErrors"] == [], visited
    assert asked["userErrors"] == [], asked
    assert (asked["case"]["status"], asked["case"]["pendingApproval"]["kind"]) == (
        "REFERRED",
        "CLOSURE",
    )
    assert case_id in queued
    assert approved["userErrors"] == [], approved
    assert case_id not in await _ids(supervisor, QUEUE)
    for reader in (gql, supervisor):
        case = await _read(reader, case_id)
        assert case is not None
        assert (case["status"], case["closeReason"], case["pendingApproval"]) == (
            "CLOSED",
            closure.reason.value,
            None,
        )
        assert (case["followUps"], case["riskLevel"]) == (1, quarter.review.risk_level.value)
        assert case["lastReviewedOn"] == reviewed_on
        assert [[n["text"] for n in goal["notes"]] for goal in case["goals"]] == [
            [note] for _, note in quarter.review.progress
        ]
    history = [(e["type"], e["actor"]) for e in await supervisor.history(case_id)]
    assert history[-5:] == [
        ("Visited", CASEWORKER),
        ("ReviewRecorded", CASEWORKER),
        ("ClosureRequested", CASEWORKER),
        ("ClosureApproved", SUPERVISOR),
        ("Closed", SUPERVISOR),
    ]


async def test_a_review_and_a_revised_plan_then_the_family_is_followed_to_chirchiq(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    story, quarter = _second("A 10-year-old with learning difficulties")
    move, revision = quarter.transfer, quarter.revision
    assert move is not None
    assert revision is not None
    await _on_the_roster(http, server, move)
    case_id = (await play_story(gql, story))["id"]
    receiving = _as(http, server, move.supervisor, Role.SUPERVISOR, districts=[move.district])
    theirs = _as(http, server, move.caseworker, Role.CASEWORKER, mahallas=[move.mahalla])

    reviewed_on = await _reviewed(gql, case_id, quarter)
    goals = (await _read(gql, case_id) or {})["goals"]
    added = revision.added
    revised = await revise_work_plan(
        gql,
        case_id,
        reason=revision.reason,
        add=[
            {
                "goal": added.goal,
                "serviceCategory": added.service_category,
                "dueOn": added.due_on.isoformat(),
            }
        ],
        change=[
            {"goalId": goals[revision.achieved]["id"], "status": "ACHIEVED", "note": revision.note}
        ],
    )
    asked = await request_transfer(
        gql,
        case_id,
        region=move.region,
        district=move.district,
        mahalla=move.mahalla,
        reason=move.reason,
    )
    sent_before = await gql.history(case_id)
    incoming = await _ids(receiving, INCOMING)
    accepted = await accept_transfer(receiving, case_id, caseworker=move.caseworker)

    assert revised["userErrors"] == [], revised
    assert asked["userErrors"] == [], asked
    assert sent_before[-1]["type"] == "TransferRequested"
    assert sent_before[-1]["data"]["district"] == move.district
    assert case_id in incoming
    assert accepted["userErrors"] == [], accepted
    assert await _read(gql, case_id) is None
    assert case_id not in await _ids(receiving, INCOMING)
    for reader in (receiving, theirs):
        case = await _read(reader, case_id)
        assert case is not None
        assert case["household"] == {
            "region": move.region,
            "district": move.district,
            "mahalla": move.mahalla,
        }
        assert (case["status"], case["caseworker"], case["pendingTransfer"]) == (
            "REFERRED",
            move.caseworker,
            None,
        )
        assert (case["riskLevel"], case["lastReviewedOn"]) == (
            quarter.review.risk_level.value,
            reviewed_on,
        )
        assert [(g["text"], g["status"]) for g in case["goals"]] == [
            (story.plan[0].goal, "ACHIEVED"),
            (added.goal, "OPEN"),
        ]
        moves = [e for e in await reader.history(case_id) if e["type"].startswith("Transfer")]
        assert [(e["type"], e["actor"]) for e in moves] == [
            ("TransferRequested", CASEWORKER),
            ("TransferAccepted", move.supervisor),
        ]
        assert (moves[1]["data"]["fromDistrict"], moves[1]["data"]["district"]) == (
            story.household.district,
            move.district,
        )
