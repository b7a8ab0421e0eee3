"""Partners over the API: the full referral flow, consent, declines, figures and concerns."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from baxt.application.access.principal import Role
from baxt.application.directory import SOS_ORGANISATION_ID, seed_directory
from tests.e2e.client import GraphQLClient
from tests.e2e.partner_flow import (
    REFERRAL,
    call,
    consulted_case,
    partner_call,
    refer,
    refer_to,
    referred,
)
from tests.factories import child
from tests.operations import child_input, mutation
from tests.serving import RunningServer

CASE_STEPS = """query($id: ID!) { case(id: $id) { referrals { id status organisationId
  steps { kind certificateNumber } } history(first: 50) { nodes { type } } } }"""
FIGURES = """query($org: String, $from: Date!, $to: Date!) {
  partnerFigures(organisationId: $org, from: $from, to: $to) { organisationId
  referralsReceived familiesSupported childrenSupported childrenReintegrated familiesExited
  trainingsCompleted certificatesIssued parentsEmployed } }"""


@pytest.fixture(scope="module", autouse=True)
def directory(server: RunningServer) -> None:
    seed_directory(server.database_url)


@pytest.fixture
def as_(http: httpx.AsyncClient, server: RunningServer) -> Callable[..., GraphQLClient]:
    def client(user: str, role: Role, scope: dict[str, object] | None = None) -> GraphQLClient:
        return GraphQLClient(http, server.token(user, role, scope))

    return client


@pytest.fixture
def caseworker(as_: Callable[..., GraphQLClient]) -> GraphQLClient:
    return as_("cw.partners", Role.CASEWORKER)


@pytest.fixture
def sos(as_: Callable[..., GraphQLClient]) -> GraphQLClient:
    return as_("worker.sos", Role.PARTNER, {"org": SOS_ORGANISATION_ID})


async def test_refer_accept_progress_complete_and_the_caseworker_sees_each_step(
    caseworker: GraphQLClient, sos: GraphQLClient
) -> None:
    case_id, referral_id = await referred(caseworker, SOS_ORGANISATION_ID)

    accepted = await partner_call(
        sos, "respondToReferral", {"referralId": referral_id, "accept": True}
    )
    steps = [
        {"kind": "SESSION_HELD", "note": "first family session"},
        {"kind": "TRAINING_COMPLETED", "certificateNumber": "SOS-97"},
        {"kind": "CHILD_REINTEGRATED"},
    ]
    for step in steps:
        shown = await partner_call(
            sos, "recordReferralProgress", {"referralId": referral_id, **step}
        )
        assert shown["userErrors"] == [], shown
    done = await partner_call(
        sos, "completeReferral", {"referralId": referral_id, "outcome": "GOALS_MET"}
    )

    assert accepted["referral"]["status"] == "ACCEPTED"
    assert accepted["referral"]["allowedActions"] == ["RECORD_REFERRAL_PROGRESS"]
    assert shown["referral"]["allowedActions"] == ["RECORD_REFERRAL_PROGRESS", "COMPLETE_REFERRAL"]
    assert (done["referral"]["status"], done["referral"]["outcome"]) == ("COMPLETED", "GOALS_MET")
    assert done["referral"]["allowedActions"] == []
    case = (await caseworker.execute(CASE_STEPS, {"id": case_id}))["case"]
    (referral,) = case["referrals"]
    assert (referral["status"], referral["organisationId"]) == ("COMPLETED", SOS_ORGANISATION_ID)
    assert [s["kind"] for s in referral["steps"]] == [s["kind"] for s in steps]
    assert referral["steps"][1]["certificateNumber"] == "SOS-97"
    types = [n["type"] for n in case["history"]["nodes"]]
    assert types[-5:] == [
        "ReferralAccepted",
        "ReferralProgressRecorded",
        "ReferralProgressRecorded",
        "ReferralProgressRecorded",
        "ReferralCompleted",
    ]


async def test_the_partner_sees_name_age_guardian_and_the_relevant_needs_never_the_pinfl(
    caseworker: GraphQLClient, sos: GraphQLClient
) -> None:
    case_id, pinfl = await consulted_case(caseworker, phone="+998901110001")
    referral_id = (await refer_to(caseworker, case_id, SOS_ORGANISATION_ID))["case"]["referrals"][
        0
    ]["id"]

    body = await sos.post(
        f"query($id: ID!) {{ partnerReferral(id: $id) {{ {REFERRAL} }} }}", {"id": referral_id}
    )

    shown = body.json()["data"]["partnerReferral"]
    assert shown["guardian"] == {"name": "Karimova Dilnoza", "phone": "+998901110001"}
    assert shown["child"]["fullName"] == "Madina Karimova"
    assert shown["child"]["ageYears"] == 7
    assert [n["domain"] for n in shown["needs"]] == ["CARE"]
    assert pinfl not in body.text
    assert case_id not in body.text


async def test_a_referral_to_a_partner_without_consent_is_refused_with_consent_required(
    caseworker: GraphQLClient,
) -> None:
    case_id, _ = await consulted_case(caseworker)

    payload = await refer(caseworker, case_id, SOS_ORGANISATION_ID)

    assert payload["case"] is None
    assert payload["userErrors"] == [{"code": "CONSENT_REQUIRED"}]


async def test_a_referral_to_an_organisation_not_in_the_directory_is_not_found(
    caseworker: GraphQLClient,
) -> None:
    case_id, _ = await consulted_case(caseworker)

    payload = await refer(caseworker, case_id, "00000000-0000-4000-8000-00000000dead")

    assert payload["userErrors"] == [{"code": "NOT_FOUND"}]


async def test_revoking_consent_hides_the_referral_from_that_moment_but_not_from_history(
    caseworker: GraphQLClient, sos: GraphQLClient
) -> None:
    case_id, referral_id = await referred(caseworker, SOS_ORGANISATION_ID)
    read = "query($id: ID!) { partnerReferral(id: $id) { id } }"
    assert (await sos.execute(read, {"id": referral_id}))["partnerReferral"] is not None

    revoked = await call(
        caseworker, "revokeConsent", {"caseId": case_id, "organisationId": SOS_ORGANISATION_ID}
    )

    assert revoked["userErrors"] == []
    assert (await sos.execute(read, {"id": referral_id}))["partnerReferral"] is None
    listed = await sos.execute("{ partnerReferrals(first: 100) { nodes { referralId } } }")
    assert referral_id not in str(listed)
    answer = await partner_call(
        sos, "respondToReferral", {"referralId": referral_id, "accept": True}
    )
    assert [e["code"] for e in answer["userErrors"]] == ["NOT_FOUND"]
    history = (await caseworker.execute(CASE_STEPS, {"id": case_id}))["case"]["history"]
    assert "ConsentRevoked" in [n["type"] for n in history["nodes"]]


async def test_progress_before_accepting_is_an_invalid_transition(
    caseworker: GraphQLClient, sos: GraphQLClient
) -> None:
    _, referral_id = await referred(caseworker, SOS_ORGANISATION_ID)

    answer = await partner_call(
        sos, "recordReferralProgress", {"referralId": referral_id, "kind": "SESSION_HELD"}
    )

    assert [e["code"] for e in answer["userErrors"]] == ["INVALID_TRANSITION"]


async def test_a_completed_training_without_a_certificate_number_is_refused(
    caseworker: GraphQLClient, sos: GraphQLClient
) -> None:
    _, referral_id = await referred(caseworker, SOS_ORGANISATION_ID)
    await partner_call(sos, "respondToReferral", {"referralId": referral_id, "accept": True})

    answer = await partner_call(
        sos, "recordReferralProgress", {"referralId": referral_id, "kind": "TRAINING_COMPLETED"}
    )

    assert answer["userErrors"][0]["code"] == "INVALID_INPUT"
    assert answer["userErrors"][0]["field"] == ["input", "certificateNumber"]


async def test_declining_needs_a_reason_and_the_caseworker_can_refer_again(
    caseworker: GraphQLClient, sos: GraphQLClient
) -> None:
    case_id, referral_id = await referred(caseworker, SOS_ORGANISATION_ID)
    decline = {"referralId": referral_id, "accept": False}

    without_reason = await partner_call(sos, "respondToReferral", decline)
    declined = await partner_call(sos, "respondToReferral", decline | {"reason": "no places"})
    again = await refer(caseworker, case_id, SOS_ORGANISATION_ID)

    assert [e["code"] for e in without_reason["userErrors"]] == ["INVALID_INPUT"]
    assert declined["referral"]["status"] == "DECLINED"
    assert [r["status"] for r in again["case"]["referrals"]] == ["DECLINED", "PENDING"]


async def test_the_caseworker_cancels_a_referral_and_the_partner_sees_it_cancelled(
    caseworker: GraphQLClient, sos: GraphQLClient
) -> None:
    case_id, referral_id = await referred(caseworker, SOS_ORGANISATION_ID)
    cancel = {"caseId": case_id, "referralId": referral_id, "reason": "family moved"}

    cancelled = await call(caseworker, "cancelReferral", cancel)
    twice = await call(caseworker, "cancelReferral", cancel)

    assert cancelled["case"]["referrals"][0]["status"] == "CANCELLED"
    assert twice["userErrors"] == [{"code": "INVALID_TRANSITION"}]
    read = "query($id: ID!) { partnerReferral(id: $id) { status allowedActions } }"
    seen = (await sos.execute(read, {"id": referral_id}))["partnerReferral"]
    assert (seen["status"], seen["allowedActions"]) == ("CANCELLED", [])


async def test_a_partner_calling_caseworker_mutations_is_forbidden(
    caseworker: GraphQLClient, sos: GraphQLClient
) -> None:
    case_id, _ = await consulted_case(caseworker)
    given = {"caseId": case_id, "organisationId": SOS_ORGANISATION_ID}

    body = (await sos.post(mutation("recordConsent", "case { id }"), {"input": given})).json()

    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


async def test_a_partner_reports_a_concern_and_gets_a_receipt_only(
    sos: GraphQLClient, as_: Callable[..., GraphQLClient]
) -> None:
    kid = child(name="Reported Child")
    given = {
        "child": child_input(kid),
        "household": {
            "guardianName": "Guardian",
            "guardianPhone": "+998901234000",
            "region": "Samarqand viloyati",
            "district": "Urgut",
            "mahalla": "Navbahor",
        },
        "note": "the child is often alone",
    }
    selection = "receipt { receivedAt reference } userErrors { code }"

    payload = await call(sos, "reportConcern", given, selection)

    assert payload["userErrors"] == []
    assert payload["receipt"]["receivedAt"]
    supervisor = as_("sup.partners", Role.SUPERVISOR)
    queue = await supervisor.execute(
        """query($d: [String!]) { concernReports(first: 100, filter: {district: $d}) {
          nodes { reference status reporter { kind } child { fullName personalId } } } }""",
        {"d": ["Urgut"]},
    )
    [report] = [
        node
        for node in queue["concernReports"]["nodes"]
        if node["reference"] == payload["receipt"]["reference"]
    ]
    assert (report["status"], report["reporter"]["kind"]) == ("OPEN", "PARTNER_NGO")
    assert report["child"] == {"fullName": "Reported Child", "personalId": "**************"}
    listed = await supervisor.execute(
        "query($s: String) { cases(first: 5, filter: {search: $s}) { nodes { source } } }",
        {"s": "Reported Child"},
    )
    assert listed["cases"]["nodes"] == []


async def test_partner_figures_count_the_organisation_s_results_and_partners_see_only_theirs(
    caseworker: GraphQLClient,
    as_: Callable[..., GraphQLClient],
    server: RunningServer,
) -> None:
    organisation = await _fresh_ngo(as_)
    partner = as_("worker.fresh", Role.PARTNER, {"org": organisation})
    for n, kinds in enumerate([["CHILD_REINTEGRATED"], ["FAMILY_EXITED_PROGRAMME"]]):
        _, referral_id = await referred(caseworker, organisation, phone=f"+99890777000{n}")
        await partner_call(
            partner, "respondToReferral", {"referralId": referral_id, "accept": True}
        )
        for kind in kinds:
            await partner_call(
                partner, "recordReferralProgress", {"referralId": referral_id, "kind": kind}
            )
    training = {"kind": "TRAINING_COMPLETED", "certificateNumber": "C-1"}
    await partner_call(partner, "recordReferralProgress", {"referralId": referral_id, **training})
    period = {"from": "2000-01-01", "to": "2100-01-01"}

    own = await partner.execute(FIGURES, period)
    analyst = await as_("an", Role.ANALYST).execute(FIGURES, period | {"org": organisation})
    other = (await partner.post(FIGURES, period | {"org": SOS_ORGANISATION_ID})).json()

    figures = own["partnerFigures"]
    assert figures == analyst["partnerFigures"]
    assert figures == {
        "organisationId": organisation,
        "referralsReceived": 2,
        "familiesSupported": 2,
        "childrenSupported": 2,
        "childrenReintegrated": 1,
        "familiesExited": 1,
        "trainingsCompleted": 1,
        "certificatesIssued": 1,
        "parentsEmployed": 0,
    }
    assert [e["extensions"]["code"] for e in other["errors"]] == ["FORBIDDEN"]


async def _fresh_ngo(as_: Callable[..., GraphQLClient]) -> str:
    admin = as_("admin.partners", Role.ADMIN)
    saved = await admin.execute(
        """mutation { saveOrganisation(input: {name: "Fresh NGO", kind: NGO}) {
          organisation { id } userErrors { code } } }"""
    )
    organisation: str = saved["saveOrganisation"]["organisation"]["id"]
    return organisation
