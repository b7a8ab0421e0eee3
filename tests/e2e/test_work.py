"""Roster, assignment, the quarter's plan, the caseworker's queue and the in-app feed, over HTTP.

These run on a database of their own, because planning touches every open case.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from baxt import bootstrap
from baxt.application.access.principal import Role
from baxt.application.cases.application import CaseApplication
from baxt.config import Settings
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter
from baxt.domain.values import Need, NeedDomain, NeedLevel, PlanItem, RiskLevel, Visit
from baxt.graphql.core.node import parse_global_id
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.factories import child, hours_ago
from tests.operations import child_input, mutation
from tests.serving import RunningServer, running_api

ROSTER = Path(__file__).parent.parent / "integration" / "roster.csv"
QUARTER = Quarter(2026, 4)
IN_THE_QUARTER = "2026-11-02T09:30:00+00:00"
PLAN = [PlanItem("Vaccinations brought up to date", "HEALTH_CLINIC", dt.date(2027, 6, 30))]


@pytest.fixture(scope="module")
def own_server(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url, data_dir=tmp_path_factory.mktemp("work"), read_your_writes_timeout=10
        )
        with running_api(settings) as server:
            yield server


@pytest.fixture
async def http(own_server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with own_server.http() as client:
        yield client


def _as(http: httpx.AsyncClient, server: RunningServer, user: str, role: Role) -> GraphQLClient:
    return GraphQLClient(http, server.token(user, role))


IMPORT = """
mutation($csv: String!) { importRoster(input: {csv: $csv}) {
  imported { userId role mahallas capacity } rejected { line reason } } }
"""
FLAG = mutation("flagChild", "case { id version }")
ASSIGN = mutation("assignCase", "case { id caseworker } userErrors { field code message }")
VISIT = mutation("recordVisit", "case { id } userErrors { code }")


async def _roster(admin: GraphQLClient) -> dict[str, Any]:
    text = ROSTER.read_text(encoding="utf-8") + "bad.row,No Role,JANITOR,,,en,X,Y,,1\n"
    data: dict[str, Any] = (await admin.execute(IMPORT, {"csv": text}))["importRoster"]
    return data


async def _flag(gql: GraphQLClient, mahalla: str = "Bunyodkor") -> str:
    kid = child()
    variables = {
        "input": {
            "child": child_input(kid),
            "household": {
                "guardianName": "Karimova Dilnoza",
                "guardianPhone": "+998901234567",
                "region": "Toshkent shahri",
                "district": "Chilonzor",
                "mahalla": mahalla,
            },
            "source": "MAHALLA_TEAM",
        }
    }
    case_id: str = (await gql.execute(FLAG, variables))["flagChild"]["case"]["id"]
    return case_id


async def test_admins_import_the_roster_and_bad_rows_are_listed_by_line(
    http: httpx.AsyncClient, own_server: RunningServer
) -> None:
    result = await _roster(_as(http, own_server, "admin", Role.ADMIN))

    assert [m["userId"] for m in result["imported"]] == [
        "sup.chilonzor",
        "cw.aziza",
        "sup.yunusobod",
    ]
    assert result["imported"][1] == {
        "userId": "cw.aziza",
        "role": "CASEWORKER",
        "mahallas": ["Bunyodkor", "Qatortol"],
        "capacity": 40,
    }
    assert [r["line"] for r in result["rejected"]] == [5]
    assert "JANITOR" in result["rejected"][0]["reason"]


async def test_only_admins_manage_the_roster(
    http: httpx.AsyncClient, own_server: RunningServer
) -> None:
    caseworker = _as(http, own_server, "cw.aziza", Role.CASEWORKER)
    body = (await caseworker.post(IMPORT, {"csv": ROSTER.read_text(encoding="utf-8")})).json()

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_bad_staff_member_is_refused_with_a_user_error(
    http: httpx.AsyncClient, own_server: RunningServer
) -> None:
    admin = _as(http, own_server, "admin", Role.ADMIN)
    query = """mutation($input: StaffMemberInput!) { saveStaffMember(input: $input) {
      staffMember { userId } userErrors { field code message } } }"""
    member = {
        "userId": "cw.new",
        "fullName": "New Worker",
        "role": "CASEWORKER",
        "language": "de",
        "region": "Toshkent shahri",
        "district": "Chilonzor",
    }

    result = (await admin.execute(query, {"input": member}))["saveStaffMember"]

    assert result["staffMember"] is None
    assert result["userErrors"][0]["code"] == "INVALID_INPUT"
    staff = await admin.execute('{ staffMembers(district: "Chilonzor") { userId } }')
    assert "cw.new" not in [m["userId"] for m in staff["staffMembers"]]


async def test_a_supervisor_assigns_a_case_to_a_caseworker_on_the_roster(
    http: httpx.AsyncClient, own_server: RunningServer
) -> None:
    await _roster(_as(http, own_server, "admin", Role.ADMIN))
    supervisor = _as(http, own_server, "sup.chilonzor", Role.SUPERVISOR)
    case_id = await _flag(supervisor)

    unknown = await supervisor.execute(ASSIGN, {"input": {"caseId": case_id, "caseworker": "x"}})
    assigned = await supervisor.execute(
        ASSIGN, {"input": {"caseId": case_id, "caseworker": "cw.aziza", "reason": "near"}}
    )
    caseworker = _as(http, own_server, "cw.aziza", Role.CASEWORKER)
    refused = (
        await caseworker.post(ASSIGN, {"input": {"caseId": case_id, "caseworker": "cw.aziza"}})
    ).json()

    assert unknown["assignCase"]["userErrors"][0]["code"] == "INVALID_INPUT"
    assert unknown["assignCase"]["userErrors"][0]["field"] == ["input", "caseworker"]
    assert assigned["assignCase"] == {
        "case": {"id": case_id, "caseworker": "cw.aziza"},
        "userErrors": [],
    }
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    queue = await caseworker.execute("{ myQueue { id caseworker } }")
    assert {"id": case_id, "caseworker": "cw.aziza"} in queue["myQueue"]


async def test_the_quarter_plan_counts_due_done_overdue_and_the_queue_is_in_due_order(
    http: httpx.AsyncClient, own_server: RunningServer
) -> None:
    await _roster(_as(http, own_server, "admin", Role.ADMIN))
    supervisor = _as(http, own_server, "sup.chilonzor", Role.SUPERVISOR)
    case_ids = [await _flag(supervisor, "Qatortol") for _ in range(3)]
    runtime = bootstrap.prepare(Settings(database_url=own_server.database_url))
    app = bootstrap.case_application(runtime)
    try:
        bootstrap.planner(runtime, app).plan(QUARTER)
    finally:
        app.close()
    visit = {"caseId": case_ids[0], "visitedAt": IN_THE_QUARTER, "childSeen": True}
    await supervisor.execute(VISIT, {"input": visit | {"guardianPresent": True}})
    query = """query($q: String!, $today: Date) {
      quarterPlan(quarter: $q, district: "Chilonzor", mahalla: "Qatortol", today: $today) {
        quarter due done overdue escalated } }"""

    after_due = (QUARTER.last_day + timedelta(days=1)).isoformat()
    plan = await supervisor.execute(query, {"q": str(QUARTER), "today": after_due})

    assert plan["quarterPlan"] == {
        "quarter": "2026-Q4",
        "due": 3,
        "done": 1,
        "overdue": 2,
        "escalated": 0,
    }
    queue = await _as(http, own_server, "cw.aziza", Role.CASEWORKER).execute(
        "{ myQueue(first: 100) { id visitDueOn } }"
    )
    due_dates = [c["visitDueOn"] for c in queue["myQueue"]]
    assert set(case_ids) <= {c["id"] for c in queue["myQueue"]}
    assert due_dates == sorted(due_dates, key=lambda d: d or "9999")
    bad = (await supervisor.post(query, {"q": "2026-Q5"})).json()
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def _consulted(app: CaseApplication, case_id: str, *, reviewed: bool) -> None:
    seen = Visit(dt.datetime.fromisoformat(IN_THE_QUARTER), True, True, "", False)
    needs = [Need(NeedDomain.HEALTH, NeedLevel.HIGH, "")]
    steps: list[Callable[[Case], None]] = [
        lambda case: case.record_visit(visit=seen, actor="cw", now=hours_ago(0)),
        lambda case: case.record_consultation(needs=needs, plan=PLAN, note="", actor="cw"),
    ]
    if reviewed:
        steps.append(
            lambda case: case.record_review(
                reviewed_on=QUARTER.first_day,
                risk_level=RiskLevel.LOW,
                next_review_due=QUARTER.next().last_day,
                actor="cw",
                now=hours_ago(0),
            )
        )
    parsed = parse_global_id(case_id)
    assert parsed is not None
    for step in steps:
        app.change_case(UUID(parsed[1]), step)


async def test_the_quarter_plan_counts_the_reviews_the_planner_plans_and_those_overdue(
    http: httpx.AsyncClient, own_server: RunningServer
) -> None:
    await _roster(_as(http, own_server, "admin", Role.ADMIN))
    supervisor = _as(http, own_server, "sup.chilonzor", Role.SUPERVISOR)
    never_reviewed, reviewed, flagged = [await _flag(supervisor, "Yangi Hayot") for _ in range(3)]
    runtime = bootstrap.prepare(Settings(database_url=own_server.database_url))
    app = bootstrap.case_application(runtime)
    try:
        _consulted(app, never_reviewed, reviewed=False)
        _consulted(app, reviewed, reviewed=True)
        report = bootstrap.planner(runtime, app).plan(QUARTER)
    finally:
        app.close()
    assert report.reviews_planned == 1
    # A write of the API's own, read back once the read model holds it and all before it.
    visit = {"caseId": flagged, "visitedAt": IN_THE_QUARTER, "childSeen": True}
    await supervisor.execute(VISIT, {"input": visit | {"guardianPresent": True}})
    query = """query($q: String!, $today: Date) {
      quarterPlan(quarter: $q, district: "Chilonzor", mahalla: "Yangi Hayot", today: $today) {
        due reviewsDue reviewsOverdue } }"""

    on_the_day = await supervisor.execute(query, {"q": str(QUARTER), "today": "2026-12-31"})
    after_due = await supervisor.execute(query, {"q": str(QUARTER), "today": "2027-01-01"})
    next_quarter = await supervisor.execute(query, {"q": "2027-Q1", "today": "2027-01-01"})

    assert on_the_day["quarterPlan"] == {"due": 3, "reviewsDue": 1, "reviewsOverdue": 0}
    assert after_due["quarterPlan"] == {"due": 3, "reviewsDue": 1, "reviewsOverdue": 1}
    assert next_quarter["quarterPlan"] == {"due": 0, "reviewsDue": 1, "reviewsOverdue": 1}


async def test_a_safety_concern_reaches_the_supervisors_feed_and_can_be_marked_read(
    http: httpx.AsyncClient, own_server: RunningServer
) -> None:
    await _roster(_as(http, own_server, "admin", Role.ADMIN))
    caseworker = _as(http, own_server, "cw.aziza", Role.CASEWORKER)
    case_id = await _flag(caseworker)
    visit = {
        "caseId": case_id,
        "visitedAt": hours_ago(1).isoformat(),
        "childSeen": True,
        "guardianPresent": False,
        "safetyConcern": True,
    }
    await caseworker.execute(VISIT, {"input": visit})
    supervisor = _as(http, own_server, "sup.chilonzor", Role.SUPERVISOR)
    feed = "{ myNotifications(unreadOnly: true) { edges { node { id caseId kind urgent } } } }"

    items = await _eventually(supervisor, feed, lambda d: d["myNotifications"]["edges"])

    mine = [e["node"] for e in items if e["node"]["caseId"] == case_id]
    assert [(n["kind"], n["urgent"]) for n in mine] == [("SAFETY_CONCERN", True)]
    mark = """mutation($ids: [ID!]!) { markNotificationsRead(input: {ids: $ids}) {
      notifications { id readAt } userErrors { field code } } }"""
    others = await caseworker.execute(mark, {"ids": [mine[0]["id"]]})
    assert others["markNotificationsRead"]["notifications"] == []
    assert others["markNotificationsRead"]["userErrors"][0]["code"] == "NOT_FOUND"
    marked = await supervisor.execute(mark, {"ids": [mine[0]["id"]]})
    assert marked["markNotificationsRead"]["notifications"][0]["readAt"] is not None
    unread = await supervisor.execute(feed)
    assert case_id not in [e["node"]["caseId"] for e in unread["myNotifications"]["edges"]]


async def _eventually(gql: GraphQLClient, query: str, found: Any) -> Any:
    """The found part of the query's answer, once there is one (the notifier runs on its own)."""
    for _ in range(200):
        data = await gql.execute(query)
        if found(data):
            return found(data)
        await asyncio.sleep(0.05)
    raise AssertionError(f"nothing came for {query}")
