"""A report without a PINFL goes from the hotline to a case, over the API: received with a
reference, waiting in the district's triage queue, turned into a case once the child is
identified, its reads in the access log, and its reporter told no more than that it was
handled. A partner's reportConcern becomes such a report."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row

from baxt.application.access.principal import Role
from baxt.application.directory import SOS_ORGANISATION_ID
from baxt.graphql.core.node import parse_global_id
from tests.e2e.client import GraphQLClient
from tests.factories import child
from tests.operations import child_input, mutation
from tests.serving import RunningServer

SETTLE_SECONDS = 60.0  # a bounded wait for the notifier, never a timing assertion
REPORT = """report { id reference status caseId openedCase
  reporter { kind contact mayContact } child { fullName approximateAge seen } }
  userErrors { code field message }"""
QUEUE = """query($f: ConcernReportFilter) { concernReports(filter: $f, first: 50) {
  totalCount nodes { id reference status district } } }"""
HISTORY = "query($id: ID!) { case(id: $id) { source history { nodes { type data } } } }"
PHONE = "+998935550101"
HOME = {
    "guardianName": "Karimova Dilnoza",
    "guardianPhone": "+998901234567",
    "region": "Toshkent shahri",
    "district": "Chilonzor",
    "mahalla": "Bunyodkor",
}


@pytest.fixture
def as_(http: httpx.AsyncClient, server: RunningServer) -> Callable[..., GraphQLClient]:
    def client(user: str, role: Role, scope: dict[str, object] | None = None) -> GraphQLClient:
        return GraphQLClient(http, server.token(user, role, scope))

    return client


async def _call(gql: GraphQLClient, name: str, given: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = (await gql.execute(mutation(name, REPORT), {"input": given}))[name]
    return payload


def _hotline_call(name: str = "Madina") -> dict[str, Any]:
    return {
        "reporter": {"kind": "HOTLINE_OPERATOR", "contact": PHONE, "mayContact": True},
        "child": {"fullName": name, "approximateAge": 7, "seen": "alone at the bazaar at night"},
        "place": {"region": "Toshkent shahri", "district": "Chilonzor", "address": "bazaar gate"},
    }


def _uuid(global_id: str) -> UUID:
    parsed = parse_global_id(global_id)
    assert parsed is not None
    return UUID(parsed[1])


def _rows(server: RunningServer, query: str, *params: Any) -> list[dict[str, Any]]:
    with psycopg.connect(server.database_url, row_factory=dict_row) as conn:
        return conn.execute(query, list(params)).fetchall()


def _notices(server: RunningServer, report_id: UUID) -> list[dict[str, Any]]:
    """The reporter's notices of the report, once the notifier has written one (bounded)."""
    query = "SELECT * FROM notification WHERE case_id = %s"
    deadline = time.monotonic() + SETTLE_SECONDS
    while not (found := _rows(server, query, report_id)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


async def test_a_report_without_a_pinfl_goes_from_the_hotline_to_a_case(
    as_: Callable[..., GraphQLClient], server: RunningServer
) -> None:
    hotline = as_("cw.hotline", Role.CASEWORKER, {"districts": ["Chilonzor"]})
    caseworker = as_(
        "cw.chilonzor", Role.CASEWORKER, {"districts": ["Chilonzor"], "mahallas": ["Bunyodkor"]}
    )
    supervisor = as_("sup.chilonzor", Role.SUPERVISOR)

    received = await _call(hotline, "receiveConcernReport", _hotline_call())
    assert received["userErrors"] == []
    report = received["report"]
    assert (report["status"], report["caseId"]) == ("OPEN", None)
    assert report["reference"].startswith("R-")

    queue = (await supervisor.execute(QUEUE, {"f": {"status": ["OPEN"]}}))["concernReports"]
    assert report["id"] in {node["id"] for node in queue["nodes"]}
    assert queue["totalCount"] == len(queue["nodes"])

    kid = child(name="Madina Yusupova")
    given = {"reportId": report["id"], "child": child_input(kid), "household": HOME}
    opened = await _call(caseworker, "openCaseFromConcernReport", given)

    assert opened["userErrors"] == []
    linked = opened["report"]
    assert (linked["status"], linked["openedCase"]) == ("LINKED", True)
    case = (await caseworker.execute(HISTORY, {"id": linked["caseId"]}))["case"]
    assert case["source"] == "COMMUNITY_REPORT"
    kinds = {entry["type"]: entry["data"] for entry in case["history"]["nodes"]}
    assert kinds["ConcernReportLinked"]["reference"] == report["reference"]

    [notice] = _notices(server, _uuid(report["id"]))
    assert (notice["kind"], notice["channel"], notice["address"]) == (
        "CONCERN_REPORT_HANDLED",
        "SMS",
        PHONE,
    )
    assert "Madina" not in str(notice)
    assert kid.personal_id not in str(notice)


async def test_a_report_is_handled_once_and_its_reads_are_in_the_access_log(
    as_: Callable[..., GraphQLClient], server: RunningServer
) -> None:
    hotline = as_("cw.hotline", Role.CASEWORKER, {"districts": ["Chilonzor"]})
    report = (await _call(hotline, "receiveConcernReport", _hotline_call("Aziz")))["report"]
    closing = {"reportId": report["id"], "reason": "NO_CONCERN_FOUND", "note": "all well"}
    assert (await _call(hotline, "closeConcernReport", closing))["userErrors"] == []

    again = await _call(hotline, "closeConcernReport", closing)

    assert [e["code"] for e in again["userErrors"]] == ["REPORT_ALREADY_HANDLED"]
    read = "query($id: ID!) { node(id: $id) { ... on ConcernReport { status } } }"
    assert (await hotline.execute(read, {"id": report["id"]}))["node"] == {"status": "CLOSED"}
    logged = _rows(
        server,
        "SELECT actor, operation FROM case_access WHERE case_id = %s ORDER BY at",
        _uuid(report["id"]),
    )
    assert ("cw.hotline", "node") in {(row["actor"], row["operation"]) for row in logged}
    auditor = as_("aud.reports", Role.AUDITOR, {})
    through_api = await auditor.execute(ACCESS_LOG, {"id": report["id"]})
    entries = [edge["node"] for edge in through_api["caseAccessLog"]["edges"]]
    assert {"actor": "cw.hotline", "operation": "node"} in entries


ACCESS_LOG = """query($id: ID!) { caseAccessLog(id: $id, first: 50) {
  edges { node { actor operation } } } }"""


async def test_a_report_elsewhere_is_not_in_the_queue_nor_found(
    as_: Callable[..., GraphQLClient],
) -> None:
    hotline = as_("cw.hotline", Role.CASEWORKER, {"districts": ["Chilonzor"]})
    report = (await _call(hotline, "receiveConcernReport", _hotline_call("Nodira")))["report"]
    elsewhere = as_("sup.urgut", Role.SUPERVISOR, {"districts": ["Urgut"]})

    queue = (await elsewhere.execute(QUEUE, {"f": None}))["concernReports"]
    closing = {"reportId": report["id"], "reason": "OTHER"}
    refused = await _call(elsewhere, "closeConcernReport", closing)

    assert report["id"] not in {node["id"] for node in queue["nodes"]}
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]


async def test_a_partner_s_concern_waits_in_the_district_s_queue_with_its_reference(
    as_: Callable[..., GraphQLClient],
) -> None:
    sos = as_("sos.partner", Role.PARTNER, {"org": SOS_ORGANISATION_ID})
    kid = child(name="Partner Reported")
    given = {"child": child_input(kid), "household": HOME | {"district": "Urgut"}, "note": "hungry"}
    document = mutation("reportConcern", "receipt { receivedAt reference } userErrors { code }")

    receipt = (await sos.execute(document, {"input": given}))["reportConcern"]["receipt"]

    urgut = as_("sup.urgut", Role.SUPERVISOR, {"districts": ["Urgut"]})
    queue = (await urgut.execute(QUEUE, {"f": {"district": ["Urgut"]}}))["concernReports"]
    assert receipt["reference"] in {node["reference"] for node in queue["nodes"]}
