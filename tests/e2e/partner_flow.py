"""Steps of the partner stories over the API: a case brought to a referral, partner calls."""

from __future__ import annotations

from typing import Any

from tests.e2e.client import GraphQLClient
from tests.factories import child, hours_ago

CASE_ID_ONLY = "case { id version referrals { id status organisationId } } userErrors { code }"
REFERRAL = """id referralId status serviceCategory reason outcome createdAt updatedAt
  child { fullName ageYears } guardian { name phone } needs { domain level }
  steps { kind note certificateNumber recordedAt }"""
PARTNER_PAYLOAD = f"referral {{ {REFERRAL} }} userErrors {{ field code message }}"


def mutation(name: str, selection: str = CASE_ID_ONLY) -> str:
    kind = name[0].upper() + name[1:] + "Input"
    return f"mutation($input: {kind}!) {{ {name}(input: $input) {{ {selection} }} }}"


async def call(gql: GraphQLClient, name: str, given: dict[str, Any], selection: str = "") -> Any:
    """The mutation's payload; fails the test on a GraphQL error."""
    data = await gql.execute(mutation(name, selection or CASE_ID_ONLY), {"input": given})
    return data[name]


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
    given = {
        "child": {
            "personalId": kid.personal_id,
            "fullName": kid.full_name,
            "birthDate": kid.birth_date.isoformat(),
            "sex": kid.sex.value,
        },
        "household": household,
        "source": "MAHALLA_TEAM",
    }
    case_id = (await call(caseworker, "flagChild", given))["case"]["id"]
    visit = {"caseId": case_id, "visitedAt": hours_ago(2).isoformat(), "childSeen": True}
    await call(caseworker, "recordVisit", visit | {"guardianPresent": True})
    needs = [{"domain": "CARE", "level": "HIGH"}, {"domain": "LEGAL", "level": "LOW"}]
    await call(caseworker, "recordConsultation", {"caseId": case_id, "needs": needs})
    return case_id, kid.personal_id


async def refer_to(caseworker: GraphQLClient, case_id: str, organisation_id: str) -> Any:
    """Records consent to share with the organisation, then refers the case to it."""
    consent = {"caseId": case_id, "organisationId": organisation_id}
    assert (await call(caseworker, "recordConsent", consent))["userErrors"] == []
    return await refer(caseworker, case_id, organisation_id)


async def refer(caseworker: GraphQLClient, case_id: str, organisation_id: str) -> Any:
    given = {
        "caseId": case_id,
        "serviceCategory": "FAMILY_STRENGTHENING",
        "provider": "SOS Children's Villages",
        "reason": "the family needs support",
        "consentGiven": True,
        "organisationId": organisation_id,
    }
    return await call(caseworker, "referCase", given)


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
