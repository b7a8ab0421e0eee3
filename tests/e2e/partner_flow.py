"""Steps of the partner stories over the API: a case brought to a referral, partner calls."""

from __future__ import annotations

from typing import Any

from tests.e2e.client import GraphQLClient
from tests.factories import child, hours_ago
from tests.operations import (
    PLAN,
    child_input,
    flag_child,
    record_consent,
    record_consultation,
    record_visit,
    refer_case,
    run,
)

CASE_ID_ONLY = "case { id version referrals { id status organisationId } } userErrors { code }"
REFERRAL = """id referralId status allowedActions serviceCategory reason outcome createdAt updatedAt
  child { fullName ageYears } guardian { name phone } needs { domain level }
  steps { kind note certificateNumber recordedAt }"""
PARTNER_PAYLOAD = f"referral {{ {REFERRAL} }} userErrors {{ field code message }}"


async def call(gql: GraphQLClient, name: str, given: dict[str, Any], selection: str = "") -> Any:
    """The mutation's payload; fails the test on a GraphQL error."""
    return await run(gql, name, given, selection or CASE_ID_ONLY)


async def consulted_case(
    caseworker: GraphQLClient, *, name: str = "Madina Karimova", phone: str = "+998901112233"
) -> tuple[str, str]:
    """A case flagged, visited and consulted; its global ID and the child's PINFL."""
    kid = child(name=name)
    household = {
        "guardianName": "Karimova Dilnoza",
        "guardianPhone": phone,
        "region": "Toshkent shahri",
        "district": "Chilonzor",
        "mahalla": "Bunyodkor",
    }
    flagged = await flag_child(
        caseworker,
        child=child_input(kid),
        household=household,
        source="MAHALLA_TEAM",
        selection=CASE_ID_ONLY,
    )
    case_id = flagged["case"]["id"]
    await record_visit(
        caseworker,
        case_id,
        visited_at=hours_ago(2).isoformat(),
        child_seen=True,
        guardian_present=True,
        selection=CASE_ID_ONLY,
    )
    needs = [{"domain": "CARE", "level": "HIGH"}, {"domain": "LEGAL", "level": "LOW"}]
    await record_consultation(caseworker, case_id, needs=needs, plan=PLAN, selection=CASE_ID_ONLY)
    return case_id, kid.personal_id


async def refer_to(caseworker: GraphQLClient, case_id: str, organisation_id: str) -> Any:
    """Records consent to share with the organisation, then refers the case to it."""
    consented = await record_consent(
        caseworker, case_id, organisation_id=organisation_id, selection=CASE_ID_ONLY
    )
    assert consented["userErrors"] == []
    return await refer(caseworker, case_id, organisation_id)


async def refer(caseworker: GraphQLClient, case_id: str, organisation_id: str) -> Any:
    return await refer_case(
        caseworker,
        case_id,
        service_category="FAMILY_STRENGTHENING",
        provider="SOS Children's Villages",
        reason="the family needs support",
        organisationId=organisation_id,
        selection=CASE_ID_ONLY,
    )


async def referred(
    caseworker: GraphQLClient, organisation_id: str, **person: str
) -> tuple[str, str]:
    """A case referred to the organisation with consent; the case's and the referral's IDs."""
    case_id, _ = await consulted_case(caseworker, **person)
    payload = await refer_to(caseworker, case_id, organisation_id)
    assert payload["userErrors"] == [], payload
    referral: str = payload["case"]["referrals"][-1]["id"]
    return case_id, referral


async def partner_call(partner: GraphQLClient, name: str, given: dict[str, Any]) -> Any:
    return await call(partner, name, given, PARTNER_PAYLOAD)
