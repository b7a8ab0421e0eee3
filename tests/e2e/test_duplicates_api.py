"""Duplicates beyond the PINFL over HTTP: two flags of one child, one with a mistyped PINFL
digit and the name spelt the Russian way, are proposed as duplicates, merged or told apart;
a caller who does not reach both cases is refused."""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Any
from uuid import UUID

import httpx
import psycopg

from baxt.application.access.principal import Role
from baxt.domain.values import Child
from baxt.graphql.core.node import parse_global_id
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import child_input, flag_child, household_input
from tests.serving import RunningServer

CANDIDATES = """query($id: ID!) { duplicateCandidates(caseId: $id) {
  score reasons case { id child { fullName } } } }"""
MERGE = """mutation($input: MergeCasesInput!) { mergeCases(input: $input) {
  keptCase { id status mergedCases } mergedCase { id status closeReason mergedInto }
  userErrors { field code } } }"""
APART = """mutation($input: MarkNotDuplicateInput!) { markNotDuplicate(input: $input) {
  case { id } otherCase { id } userErrors { field code } } }"""


def _mistyped(pinfl: str) -> str:
    """The PINFL with its last digit written one higher."""
    return pinfl[:-1] + str((int(pinfl[-1]) + 1) % 10)


def _one_child() -> tuple[Child, Child]:
    """One child as two registers wrote them: Uzbek Latin, and Russian with a mistyped PINFL."""
    surname = "Yusufova" + "".join(secrets.choice("bdfmnprtv") for _ in range(6))
    first = child(name=f"{surname} Dilnoza Shuxrat qizi")
    other_surname = surname.replace("Yusufova", "Юсуфова")
    second = replace(
        first,
        personal_id=_mistyped(first.personal_id),
        full_name=f"{other_surname} Дильноза Шухратовна",
    )
    return first, second


async def _flagged(gql: GraphQLClient, flagged: Child) -> str:
    payload = await flag_child(
        gql,
        child=child_input(flagged),
        household=household_input(household()),
        source="MAHALLA_TEAM",
    )
    assert payload["userErrors"] == []
    case_id: str = payload["case"]["id"]
    return case_id


async def _candidates(gql: GraphQLClient, case_id: str) -> dict[str, Any]:
    found = (await gql.execute(CANDIDATES, {"id": case_id}))["duplicateCandidates"]
    return {candidate["case"]["id"]: candidate for candidate in found}


async def test_a_mistyped_pinfl_is_proposed_as_a_duplicate_and_merged(gql: GraphQLClient) -> None:
    first, second = _one_child()
    kept, duplicate = await _flagged(gql, first), await _flagged(gql, second)

    candidate = (await _candidates(gql, kept))[duplicate]
    merged = (
        await gql.execute(
            MERGE,
            {"input": {"keptCaseId": kept, "mergedCaseId": duplicate, "reason": "one child"}},
        )
    )["mergeCases"]

    assert candidate["reasons"] == [
        "PINFL_ONE_DIGIT_OFF",
        "NAME_MATCH",
        "BIRTH_DATE_EXACT",
        "SAME_MAHALLA",
    ]
    assert candidate["score"] == 90
    assert candidate["case"]["child"]["fullName"] == second.full_name  # opened, not sealed
    assert merged["userErrors"] == []
    assert merged["keptCase"] == {"id": kept, "status": "FLAGGED", "mergedCases": [duplicate]}
    assert merged["mergedCase"] == {
        "id": duplicate,
        "status": "CLOSED",
        "closeReason": "DUPLICATE",
        "mergedInto": kept,
    }
    assert [e["type"] for e in await gql.history(duplicate)] == ["Flagged", "MergedInto", "Closed"]
    assert [e["type"] for e in await gql.history(kept)] == ["Flagged", "CaseMerged"]
    assert duplicate not in await _candidates(gql, kept)


async def test_a_merged_case_is_not_merged_again(gql: GraphQLClient) -> None:
    first, second = _one_child()
    kept, duplicate = await _flagged(gql, first), await _flagged(gql, second)
    given = {"keptCaseId": kept, "mergedCaseId": duplicate, "reason": "one child"}
    await gql.execute(MERGE, {"input": given})

    again = (await gql.execute(MERGE, {"input": given}))["mergeCases"]
    itself = (await gql.execute(MERGE, {"input": given | {"mergedCaseId": kept}}))["mergeCases"]

    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_MERGED"]
    assert [e["code"] for e in itself["userErrors"]] == ["SAME_CASE"]


async def test_a_pair_marked_as_not_duplicates_is_no_longer_proposed(gql: GraphQLClient) -> None:
    first, second = _one_child()
    one, other = await _flagged(gql, first), await _flagged(gql, second)
    assert other in await _candidates(gql, one)

    marked = (await gql.execute(APART, {"input": {"caseId": one, "otherCaseId": other}}))[
        "markNotDuplicate"
    ]

    assert marked == {"case": {"id": one}, "otherCase": {"id": other}, "userErrors": []}
    assert other not in await _candidates(gql, one)
    assert one not in await _candidates(gql, other)
    assert [e["type"] for e in await gql.history(other)] == ["Flagged", "NotDuplicateMarked"]


async def test_a_caller_who_does_not_reach_both_cases_is_refused(
    gql: GraphQLClient, http: httpx.AsyncClient, server: RunningServer
) -> None:
    first, second = _one_child()
    kept, duplicate = await _flagged(gql, first), await _flagged(gql, second)
    elsewhere = GraphQLClient(
        http, server.token("far.caseworker", Role.CASEWORKER, {"mahallas": ["Elsewhere"]})
    )
    given = {"keptCaseId": kept, "mergedCaseId": duplicate, "reason": "one child"}

    refused = (await elsewhere.execute(MERGE, {"input": given}))["mergeCases"]
    listed = (await elsewhere.execute(CANDIDATES, {"id": kept}))["duplicateCandidates"]

    assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]
    assert listed == []
    assert (await gql.case(duplicate) or {})["status"] == "FLAGGED"


ERASE = """mutation($input: EraseChildDataInput!) { eraseChildData(input: $input) {
  userErrors { code } } }"""


async def test_erasing_a_child_removes_its_match_keys_and_its_candidacy(
    gql: GraphQLClient, http: httpx.AsyncClient, server: RunningServer
) -> None:
    first, second = _one_child()
    kept, erased = await _flagged(gql, first), await _flagged(gql, second)
    admin = GraphQLClient(http, server.token("ada.admin", Role.ADMIN))
    assert erased in await _candidates(gql, kept)

    await admin.execute(ERASE, {"input": {"caseId": erased, "legalReason": "Court order 1"}})
    parsed = parse_global_id(erased)
    assert parsed is not None
    async with await psycopg.AsyncConnection.connect(server.database_url) as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM case_match_key WHERE case_id = %s", [UUID(parsed[1])]
        )
        left = await cursor.fetchone()

    assert left == (0,)
    assert erased not in await _candidates(gql, kept)


async def _merged(gql: GraphQLClient) -> tuple[str, str, Child]:
    """A kept case and its duplicate merged into it, and the duplicate's child as flagged."""
    first, second = _one_child()
    kept, duplicate = await _flagged(gql, first), await _flagged(gql, second)
    given = {"keptCaseId": kept, "mergedCaseId": duplicate, "reason": "one child"}
    assert (await gql.execute(MERGE, {"input": given}))["mergeCases"]["userErrors"] == []
    return kept, duplicate, second


async def test_flagging_the_merged_pinfl_again_adds_the_flag_to_the_kept_case(
    gql: GraphQLClient,
) -> None:
    kept, duplicate, second = await _merged(gql)

    again = await _flagged(gql, second)

    assert again == kept
    assert [e["type"] for e in await gql.history(kept)] == ["Flagged", "CaseMerged", "FlagAdded"]
    assert [e["type"] for e in await gql.history(duplicate)] == ["Flagged", "MergedInto", "Closed"]
    assert (await gql.case(duplicate) or {})["status"] == "CLOSED"


CLOSE = """mutation($input: CloseCaseInput!) { closeCase(input: $input) { userErrors { code } } }"""
OPEN_FROM_REPORT = """mutation($input: OpenCaseFromConcernReportInput!) {
  openCaseFromConcernReport(input: $input) { report { caseId openedCase } userErrors { code } } }"""
RECEIVE = """mutation($input: ReceiveConcernReportInput!) {
  receiveConcernReport(input: $input) { report { id } userErrors { code } } }"""


async def test_flagging_the_merged_pinfl_reopens_the_kept_case_once_it_is_closed(
    gql: GraphQLClient,
) -> None:
    kept, duplicate, second = await _merged(gql)
    closed = await gql.execute(
        CLOSE, {"input": {"caseId": kept, "reason": "MOVED", "note": "left"}}
    )
    assert closed["closeCase"]["userErrors"] == []

    again = await _flagged(gql, second)

    assert again == kept
    assert (await gql.case(kept) or {})["status"] == "FLAGGED"
    assert [e["type"] for e in await gql.history(kept)][-1] == "Reopened"
    assert [e["type"] for e in await gql.history(duplicate)][-1] == "Closed"


async def test_a_concern_report_about_the_merged_child_links_to_the_kept_case(
    gql: GraphQLClient, http: httpx.AsyncClient, server: RunningServer
) -> None:
    kept, duplicate, second = await _merged(gql)
    scope: dict[str, object] = {"districts": ["Chilonzor"], "mahallas": ["Bunyodkor"]}
    caseworker = GraphQLClient(http, server.token("cw.chilonzor", Role.CASEWORKER, scope))
    call = {
        "reporter": {"kind": "HOTLINE_OPERATOR", "contact": "+998935550101", "mayContact": False},
        "child": {"fullName": "Dilnoza", "approximateAge": 9, "seen": "alone at night"},
        "place": {"region": "Toshkent shahri", "district": "Chilonzor", "address": "bazaar"},
    }
    received = await caseworker.execute(RECEIVE, {"input": call})
    report = received["receiveConcernReport"]["report"]
    given = {
        "reportId": report["id"],
        "child": child_input(second),
        "household": household_input(household()),
    }

    answer = await caseworker.execute(OPEN_FROM_REPORT, {"input": given})
    opened = answer["openCaseFromConcernReport"]

    assert opened == {"report": {"caseId": kept, "openedCase": False}, "userErrors": []}
    assert [e["type"] for e in await gql.history(duplicate)][-1] == "Closed"


PAIRS = """query($after: String) { duplicatePairs(first: 3, after: $after) { totalCount
  pageInfo { hasNextPage endCursor } nodes { score reasons case { id } otherCase { id } } } }"""


async def _every_pair(gql: GraphQLClient) -> tuple[dict[frozenset[str], dict[str, Any]], int]:
    """Every pair the caller is shown, page after page, by its two case IDs; and the total."""
    pairs: dict[frozenset[str], dict[str, Any]] = {}
    after, total = None, 0
    while True:
        page = (await gql.execute(PAIRS, {"after": after}))["duplicatePairs"]
        for pair in page["nodes"]:
            key = frozenset({pair["case"]["id"], pair["otherCase"]["id"]})
            assert key not in pairs, "a pair shown twice"
            pairs[key] = pair
        total = page["totalCount"]
        if not page["pageInfo"]["hasNextPage"]:
            return pairs, total
        after = page["pageInfo"]["endCursor"]


async def test_a_supervisor_lists_the_districts_pairs_page_by_page_until_one_is_merged(
    gql: GraphQLClient, http: httpx.AsyncClient, server: RunningServer
) -> None:
    first, second = _one_child()
    one, other = await _flagged(gql, first), await _flagged(gql, second)
    supervisor = GraphQLClient(http, server.token("sup.chilonzor", Role.SUPERVISOR))

    listed, total = await _every_pair(supervisor)
    given = {"keptCaseId": one, "mergedCaseId": other, "reason": "one child"}
    await gql.execute(MERGE, {"input": given})
    after_merge, _ = await _every_pair(supervisor)

    pair = listed[frozenset({one, other})]
    assert pair["reasons"] == [
        "PINFL_ONE_DIGIT_OFF",
        "NAME_MATCH",
        "BIRTH_DATE_EXACT",
        "SAME_MAHALLA",
    ]
    assert pair["score"] == 90
    assert total == len(listed)
    assert frozenset({one, other}) not in after_merge


async def test_auditors_may_not_list_pairs_and_callers_elsewhere_see_none_of_these(
    gql: GraphQLClient, http: httpx.AsyncClient, server: RunningServer
) -> None:
    first, second = _one_child()
    one, other = await _flagged(gql, first), await _flagged(gql, second)
    auditor = GraphQLClient(http, server.token("aud.pairs", Role.AUDITOR))
    elsewhere = GraphQLClient(
        http, server.token("far.caseworker", Role.CASEWORKER, {"mahallas": ["Elsewhere"]})
    )

    refused = (await auditor.post(PAIRS)).json()
    far, _ = await _every_pair(elsewhere)

    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    assert frozenset({one, other}) not in far
