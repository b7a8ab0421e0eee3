"""Each GraphQL mutation the tests send, its document written once, and a typed call for each.

Every mutation takes its input as `$input` and answers the selection it is given; a test whose
assertion depends on what it selects passes that selection, and the rest get `CASE_PAYLOAD`.
`mutation(name, selection)` is the one place the document's shape is spelled.
"""

from __future__ import annotations

from typing import Any, Protocol

from baxt.domain.values import Child, Household

CASE_FIELDS = """
fragment CaseFields on Case {
  id status quarter source indicators version contactAttempts childSeen closeReason escalation
  visitScheduledAt flaggedAt updatedAt followUps lastFollowUpAt
  child { personalId fullName birthDate sex ageYears }
  household { guardianName guardianPhone region district mahalla }
  visits { visitedAt childSeen guardianPresent safetyConcern observations }
  needs { domain level note }
  plan { goal serviceCategory dueOn }
  referrals { id serviceCategory provider reason status }
}
"""
CASE_PAYLOAD = "case { ...CaseFields } userErrors { field message code }"
"""The whole case a front end shows after a change, and every user error in full."""

PENDING_PAYLOAD = """case { id status version closeReason
  pendingApproval { kind requestedBy requestedAt closeReason } }
userErrors { field message code }"""
"""A case's status and what waits for a supervisor on it, and every user error in full."""

_INPUT_TYPES = {"saveStaffMember": "StaffMemberInput"}


class Executes(Protocol):
    """What runs a document and answers its data, failing the test on a GraphQL error."""

    async def execute(self, query: str, variables: dict[str, Any] | None = None) -> Any: ...


def input_type(name: str) -> str:
    """The name of the input type of mutation `name` (`flagChild` takes `FlagChildInput`)."""
    return _INPUT_TYPES.get(name, f"{name[0].upper()}{name[1:]}Input")


def mutation(name: str, selection: str = CASE_PAYLOAD) -> str:
    """The document of mutation `name` given `$input`, answering `selection`."""
    document = (
        f"mutation($input: {input_type(name)}!) {{ {name}(input: $input) {{ {selection} }} }}"
    )
    return document + CASE_FIELDS if "...CaseFields" in selection else document


async def run(
    client: Executes, name: str, given: dict[str, Any], selection: str = CASE_PAYLOAD
) -> dict[str, Any]:
    """Mutation `name`'s payload for the input `given`; fails the test on a GraphQL error."""
    payload: dict[str, Any] = (await client.execute(mutation(name, selection), {"input": given}))[
        name
    ]
    return payload


def child_input(kid: Child) -> dict[str, Any]:
    """The `child` of a flag's input, from a factory's child."""
    return {
        "personalId": kid.personal_id,
        "fullName": kid.full_name,
        "birthDate": kid.birth_date.isoformat(),
        "sex": kid.sex.value,
    }


def household_input(home: Household) -> dict[str, Any]:
    """The `household` of a flag's input, from a factory's household."""
    return {
        "guardianName": home.guardian_name,
        "guardianPhone": home.guardian_phone,
        "region": home.region,
        "district": home.district,
        "mahalla": home.mahalla,
    }


async def flag_child(
    client: Executes,
    *,
    child: dict[str, Any],
    household: dict[str, Any],
    source: str,
    selection: str = CASE_PAYLOAD,
    **more: Any,
) -> dict[str, Any]:
    """Flags a child (`more`: indicators, note); the payload."""
    given = {"child": child, "household": household, "source": source, **more}
    return await run(client, "flagChild", given, selection)


async def record_contact_attempt(
    client: Executes, case_id: str, *, outcome: str, selection: str = CASE_PAYLOAD, **more: Any
) -> dict[str, Any]:
    """Records a call to the family (`more`: visitScheduledAt, note); the payload."""
    given = {"caseId": case_id, "outcome": outcome, **more}
    return await run(client, "recordContactAttempt", given, selection)


async def record_visit(
    client: Executes,
    case_id: str,
    *,
    visited_at: str,
    child_seen: bool,
    guardian_present: bool,
    selection: str = CASE_PAYLOAD,
    **more: Any,
) -> dict[str, Any]:
    """Records a home visit (`more`: safetyConcern, observations); the payload."""
    given: dict[str, Any] = {"caseId": case_id, "visitedAt": visited_at, "childSeen": child_seen}
    given |= {"guardianPresent": guardian_present, **more}
    return await run(client, "recordVisit", given, selection)


PLAN = [{"goal": "Vaccinations brought up to date", "serviceCategory": "HEALTH_CLINIC",
         "dueOn": "2030-06-30"}]  # fmt: skip
"""A work plan of one goal, which every consultation needs."""


async def record_consultation(
    client: Executes,
    case_id: str,
    *,
    needs: list[dict[str, Any]],
    selection: str = CASE_PAYLOAD,
    **more: Any,
) -> dict[str, Any]:
    """Records the needs a consultation found (`more`: plan); the payload."""
    given = {"caseId": case_id, "needs": needs, **more}
    return await run(client, "recordConsultation", given, selection)


async def refer_case(
    client: Executes,
    case_id: str,
    *,
    service_category: str,
    provider: str,
    reason: str,
    consent_given: bool = True,
    selection: str = CASE_PAYLOAD,
    **more: Any,
) -> dict[str, Any]:
    """Refers the case to a service (`more`: organisationId); the payload."""
    given: dict[str, Any] = {"caseId": case_id, "serviceCategory": service_category}
    given |= {"provider": provider, "reason": reason, "consentGiven": consent_given, **more}
    return await run(client, "referCase", given, selection)


async def close_case(
    client: Executes, case_id: str, *, reason: str, selection: str = CASE_PAYLOAD
) -> dict[str, Any]:
    """Closes the case for `reason`; the payload."""
    return await run(client, "closeCase", {"caseId": case_id, "reason": reason}, selection)


async def approve_closure(
    client: Executes, case_id: str, *, comment: str = "", selection: str = PENDING_PAYLOAD
) -> dict[str, Any]:
    """Approves the closure the case's caseworker asked for; the payload."""
    return await run(client, "approveClosure", {"caseId": case_id, "comment": comment}, selection)


async def reject_closure(
    client: Executes, case_id: str, *, comment: str, selection: str = PENDING_PAYLOAD
) -> dict[str, Any]:
    """Rejects the closure the case's caseworker asked for, with a comment; the payload."""
    return await run(client, "rejectClosure", {"caseId": case_id, "comment": comment}, selection)


async def withdraw_closure(
    client: Executes, case_id: str, *, selection: str = PENDING_PAYLOAD
) -> dict[str, Any]:
    """Withdraws the closure asked for on the case, before it is decided; the payload."""
    return await run(client, "withdrawClosure", {"caseId": case_id}, selection)


async def reopen_case(
    client: Executes, case_id: str, *, reason: str, selection: str = CASE_PAYLOAD
) -> dict[str, Any]:
    """Reopens a closed case; the payload."""
    return await run(client, "reopenCase", {"caseId": case_id, "reason": reason}, selection)


async def record_consent(
    client: Executes, case_id: str, *, organisation_id: str, selection: str = CASE_PAYLOAD
) -> dict[str, Any]:
    """Records the family's consent to share with the organisation; the payload."""
    given = {"caseId": case_id, "organisationId": organisation_id}
    return await run(client, "recordConsent", given, selection)


async def correct_child(
    client: Executes, case_id: str, *, reason: str, selection: str = CASE_PAYLOAD, **more: Any
) -> dict[str, Any]:
    """Corrects the child (`more`: fullName, birthDate, sex, expectedVersion); the payload."""
    given = {"caseId": case_id, "reason": reason, **more}
    return await run(client, "correctChild", given, selection)


async def correct_household(
    client: Executes, case_id: str, *, reason: str, selection: str = CASE_PAYLOAD, **more: Any
) -> dict[str, Any]:
    """Corrects the household (`more`: guardianName, guardianPhone, mahalla, expectedVersion);
    the payload."""
    given = {"caseId": case_id, "reason": reason, **more}
    return await run(client, "correctHousehold", given, selection)


async def revise_work_plan(
    client: Executes, case_id: str, *, reason: str, selection: str = CASE_PAYLOAD, **more: Any
) -> dict[str, Any]:
    """Revises the work plan (`more`: add, change, expectedVersion); the payload."""
    given = {"caseId": case_id, "reason": reason, **more}
    return await run(client, "reviseWorkPlan", given, selection)


async def record_review(
    client: Executes,
    case_id: str,
    *,
    reviewed_on: str,
    risk_level: str,
    selection: str = CASE_PAYLOAD,
    **more: Any,
) -> dict[str, Any]:
    """Records a case review (`more`: nextReviewDue, progress, note, expectedVersion); the
    payload."""
    given = {"caseId": case_id, "reviewedOn": reviewed_on, "riskLevel": risk_level, **more}
    return await run(client, "recordReview", given, selection)


async def request_transfer(
    client: Executes,
    case_id: str,
    *,
    region: str,
    district: str,
    mahalla: str,
    reason: str = "The family moved",
    selection: str = CASE_PAYLOAD,
) -> dict[str, Any]:
    """Asks to move the case to a mahalla of another district; the payload."""
    given = {
        "caseId": case_id,
        "region": region,
        "district": district,
        "mahalla": mahalla,
        "reason": reason,
    }
    return await run(client, "requestTransfer", given, selection)


async def accept_transfer(
    client: Executes, case_id: str, *, caseworker: str | None = None, selection: str = CASE_PAYLOAD
) -> dict[str, Any]:
    """Accepts the transfer waiting on the case, giving it to `caseworker`; the payload."""
    return await run(
        client, "acceptTransfer", {"caseId": case_id, "caseworker": caseworker}, selection
    )


async def decline_transfer(
    client: Executes, case_id: str, *, reason: str, selection: str = CASE_PAYLOAD
) -> dict[str, Any]:
    """Declines the transfer waiting on the case, saying why; the payload."""
    return await run(client, "declineTransfer", {"caseId": case_id, "reason": reason}, selection)
