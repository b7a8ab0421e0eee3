"""The ways to a case over the API, each with what must happen to the case first and who reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, uuid5

import anyio

from baxt.application.access.principal import Role
from baxt.application.directory import SOS_ORGANISATION_ID
from baxt.graphql.core.node import parse_global_id
from tests.factories import hours_ago
from tests.operations import PLAN, Executes, mutation, run

CASEWORKER = ("cw.log", Role.CASEWORKER)
SUPERVISOR = ("sup.log", Role.SUPERVISOR)
SHOWN = "id status child { fullName }"
SHOWN_FIELDS = ["id", "status", "child.fullName"]


@dataclass(frozen=True)
class Read:
    """One way to a case: what to do to the case first, then the read itself, and by whom."""

    query: str
    variables: Callable[[str], dict[str, Any]] = lambda case_id: {"id": case_id}
    before: tuple[str, ...] = ()
    reader: tuple[str, Role] = CASEWORKER
    prepared: Callable[[Executes, str], Awaitable[dict[str, Any]]] | None = None
    """The read's variables made by the reader first calling the API (a household record
    of the case's family), in place of `variables`."""
    then: str | None = None
    """For a subscription: the change that makes it send the case, made once it listens."""


SPEECH_GOAL = {
    "goal": "Speech sessions",
    "serviceCategory": "SPEECH_THERAPY",
    "dueOn": "2030-01-01",
}
INPUTS: dict[str, Callable[[str], dict[str, Any]]] = {
    "recordContactAttempt": lambda c: {"caseId": c, "outcome": "NO_ANSWER"},
    "recordVisit": lambda c: {
        "caseId": c,
        "visitedAt": hours_ago(1).isoformat(),
        "childSeen": True,
        "guardianPresent": True,
    },
    "recordConsultation": lambda c: {
        "caseId": c,
        "needs": [{"domain": "HEALTH", "level": "LOW"}],
        "plan": PLAN,
    },
    "referCase": lambda c: {
        "caseId": c,
        "serviceCategory": "HEALTH",
        "provider": "Polyclinic 12",
        "reason": "check-up",
        "consentGiven": True,
    },
    "closeCase": lambda c: {"caseId": c, "reason": "MOVED"},
    "reopenCase": lambda c: {"caseId": c, "reason": "came back"},
    "assignCase": lambda c: {"caseId": c, "caseworker": CASEWORKER[0]},
    "recordConsent": lambda c: {"caseId": c, "organisationId": SOS_ORGANISATION_ID},
    "revokeConsent": lambda c: {"caseId": c, "organisationId": SOS_ORGANISATION_ID},
    "cancelReferral": lambda c: {"caseId": c, "referralId": _first_referral(c), "reason": "moved"},
    "correctChild": lambda c: {"caseId": c, "reason": "misspelt", "fullName": "Madina Karimovna"},
    "correctHousehold": lambda c: {"caseId": c, "reason": "new phone", "guardianName": "Dilnoza"},
    "approveClosure": lambda c: {"caseId": c, "comment": "agreed"},
    "rejectClosure": lambda c: {"caseId": c, "comment": "visit once more"},
    "withdrawClosure": lambda c: {"caseId": c},
    "approveRequest": lambda c: {"caseId": c, "kind": "CLOSURE", "comment": "agreed"},
    "rejectRequest": lambda c: {"caseId": c, "kind": "CLOSURE", "comment": "visit once more"},
    "withdrawRequest": lambda c: {"caseId": c, "kind": "CLOSURE"},
    "reviseWorkPlan": lambda c: {"caseId": c, "reason": "review", "add": [SPEECH_GOAL]},
    "recordReview": lambda c: {
        "caseId": c,
        "reviewedOn": hours_ago(24).date().isoformat(),
        "riskLevel": "LOW",
    },
    "requestTransfer": lambda c: {
        "caseId": c,
        "region": "Toshkent shahri",
        "district": "Yunusobod",
        "mahalla": "Minor",
        "reason": "the family moved",
    },
    "acceptTransfer": lambda c: {"caseId": c},
    "declineTransfer": lambda c: {"caseId": c, "reason": "the family is not here"},
}
# A step before a read that sends a mutation with another input than its own read's.
STEPS = {"requestClosure": ("closeCase", lambda c: {"caseId": c, "reason": "OTHER"})}
SUPERVISED = frozenset(
    {
        "assignCase",
        "approveClosure",
        "rejectClosure",
        "approveRequest",
        "rejectRequest",
        "acceptTransfer",
        "declineTransfer",
    }
)
BEFORE = {
    "myQueue": ("assignCase",),
    "recordConsultation": ("recordVisit",),
    "referCase": ("recordVisit", "recordConsultation"),
    "reviseWorkPlan": ("recordVisit", "recordConsultation"),
    "reopenCase": ("closeCase",),
    "revokeConsent": ("recordConsent",),
    "cancelReferral": ("recordVisit", "recordConsultation", "referCase"),
    "approveClosure": ("requestClosure",),
    "rejectClosure": ("requestClosure",),
    "withdrawClosure": ("requestClosure",),
    "approveRequest": ("requestClosure",),
    "rejectRequest": ("requestClosure",),
    "withdrawRequest": ("requestClosure",),
    "approvalQueue": ("requestClosure",),
    "recordReview": ("recordVisit", "recordConsultation"),
    "acceptTransfer": ("requestTransfer",),
    "declineTransfer": ("requestTransfer",),
    "incomingTransfers": ("requestTransfer",),
}


def _first_referral(case_id: str) -> str:
    """The ID the case's first referral gets (see `Case.refer`)."""
    parsed = parse_global_id(case_id)
    assert parsed is not None
    return str(uuid5(NAMESPACE_URL, f"baxt:{parsed[1]}:referral:1"))


def change(name: str) -> Read:
    sent, given = STEPS.get(name, (name, INPUTS.get(name)))
    assert given is not None, name
    query = mutation(sent, f"case {{ {SHOWN} }} userErrors {{ code message }}")
    reader = SUPERVISOR if name in SUPERVISED else CASEWORKER
    return Read(query, lambda case_id: {"input": given(case_id)}, BEFORE.get(name, ()), reader)


HOUSEHOLD = {
    "guardians": [{"fullName": "Karimova Dilnoza", "phone": "+998901234567"}],
    "address": {"region": "Toshkent shahri", "district": "Chilonzor", "mahalla": "Bunyodkor"},
}


async def _household_for(gql: Executes, case_id: str, *, linked: bool) -> str:
    """A new household record of the case's family, the case linked to it if `linked`."""
    given = HOUSEHOLD | {"caseIds": [case_id] if linked else []}
    payload = await run(gql, "registerHousehold", given, "household { id } userErrors { code }")
    household_id: str = payload["household"]["id"]
    return household_id


_CHILD = """query($id: ID!) { case(id: $id) {
  child { personalId fullName birthDate sex } household { guardianName guardianPhone region
  district mahalla } } }"""


async def _duplicate_of(gql: Executes, case_id: str) -> str:
    """A second case of the case's child, flagged with the PINFL's last digit mistyped."""
    shown = (await gql.execute(_CHILD, {"id": case_id}))["case"]
    pinfl = shown["child"]["personalId"]
    kid = shown["child"] | {"personalId": pinfl[:-1] + str((int(pinfl[-1]) + 1) % 10)}
    given = {"child": kid, "household": shown["household"], "source": "MAHALLA_TEAM"}
    payload = await run(gql, "flagChild", given, "case { id } userErrors { code }")
    duplicate: str = payload["case"]["id"]
    return duplicate


async def _candidates_of_duplicate(gql: Executes, case_id: str) -> dict[str, Any]:
    return {"id": await _duplicate_of(gql, case_id)}


async def _pair_of_duplicate(gql: Executes, case_id: str) -> dict[str, Any]:
    await _duplicate_of(gql, case_id)
    return {}


async def _merge(gql: Executes, case_id: str) -> dict[str, Any]:
    duplicate = await _duplicate_of(gql, case_id)
    return {"input": {"keptCaseId": case_id, "mergedCaseId": duplicate, "reason": "one child"}}


async def _apart(gql: Executes, case_id: str) -> dict[str, Any]:
    return {"input": {"caseId": case_id, "otherCaseId": await _duplicate_of(gql, case_id)}}


async def _household_read(gql: Executes, case_id: str) -> dict[str, Any]:
    return {"id": await _household_for(gql, case_id, linked=True)}


async def _link(gql: Executes, case_id: str) -> dict[str, Any]:
    household_id = await _household_for(gql, case_id, linked=False)
    return {"input": {"householdId": household_id, "caseId": case_id}}


async def _household_visit(gql: Executes, case_id: str) -> dict[str, Any]:
    household_id = await _household_for(gql, case_id, linked=True)
    child = {"caseId": case_id, "childSeen": True}
    given = {"visitedAt": hours_ago(1).isoformat(), "guardianPresent": True, "children": [child]}
    return {"input": {"householdId": household_id, **given}}


HOUSEHOLD_READS: dict[str, Read] = {
    "household": Read(
        f"query($id: ID!) {{ household(id: $id) {{ cases {{ {SHOWN} }} }} }}",
        prepared=_household_read,
    ),
    "mutation:registerHousehold": Read(
        mutation("registerHousehold", f"household {{ cases {{ {SHOWN} }} }} userErrors {{ code }}"),
        lambda case_id: {"input": HOUSEHOLD | {"caseIds": [case_id]}},
    ),
    "mutation:linkCaseToHousehold": Read(
        mutation("linkCaseToHousehold", f"case {{ {SHOWN} }} userErrors {{ code }}"),
        prepared=_link,
    ),
    "mutation:recordHouseholdVisit": Read(
        mutation(
            "recordHouseholdVisit", f"children {{ case {{ {SHOWN} }} }} userErrors {{ code }}"
        ),
        prepared=_household_visit,
    ),
    "duplicateCandidates": Read(
        f"query($id: ID!) {{ duplicateCandidates(caseId: $id) {{ case {{ {SHOWN} }} }} }}",
        prepared=_candidates_of_duplicate,
    ),
    "duplicatePairs": Read(
        f"{{ duplicatePairs(first: 100) {{ nodes {{ case {{ {SHOWN} }}"
        f" otherCase {{ {SHOWN} }} }} }} }}",
        prepared=_pair_of_duplicate,
    ),
    "mutation:mergeCases": Read(
        mutation("mergeCases", f"keptCase {{ {SHOWN} }} userErrors {{ code }}"),
        prepared=_merge,
    ),
    "mutation:markNotDuplicate": Read(
        mutation("markNotDuplicate", f"case {{ {SHOWN} }} userErrors {{ code }}"),
        prepared=_apart,
    ),
}

PLACE = HOUSEHOLD["address"]
WAIT_TRIES = 300


def _conference(case_id: str, team_id: str | None = None) -> dict[str, Any]:
    held_on = hours_ago(30).date().isoformat()
    given = {"kind": "CASE_CONFERENCE", "heldOn": held_on, "place": PLACE, "caseIds": [case_id]}
    return given | ({"teamId": team_id} if team_id else {})


async def _conference_of_a_team(gql: Executes, case_id: str) -> dict[str, Any]:
    """A new team, and a case conference of it on the case: the team's gatherings name it."""
    team = {"name": "Log team", "place": PLACE}
    formed = await run(gql, "createInteragencyTeam", team, "team { id } userErrors { code }")
    team_id: str = formed["team"]["id"]
    await run(gql, "recordGathering", _conference(case_id, team_id), "gathering { id }")
    await _listed(gql, team_id)
    return {"teamId": team_id}


async def _listed(gql: Executes, team_id: str) -> None:
    """Waits, a bounded while, for the read model to list the team's gathering: the mutation
    answers from what it saved, a list reads the projection (never a timing assertion)."""
    query = "query($teamId: ID!) { gatherings(teamId: $teamId) { id } }"
    for _ in range(WAIT_TRIES):
        if (await gql.execute(query, {"teamId": team_id}))["gatherings"]:
            return
        await anyio.sleep(0.1)
    raise AssertionError("the gathering never reached the read model")


async def _decision(gql: Executes, case_id: str) -> dict[str, Any]:
    recorded = await run(gql, "recordGathering", _conference(case_id), "gathering { id }")
    gathering_id: str = recorded["gathering"]["id"]
    return {"input": {"caseId": case_id, "gatheringId": gathering_id, "decision": "Refer"}}


TEAM_READS: dict[str, Read] = {
    "gatherings": Read(
        f"query($teamId: ID!) {{ gatherings(teamId: $teamId) {{ cases {{ {SHOWN} }} }} }}",
        prepared=_conference_of_a_team,
    ),
    "mutation:recordGathering": Read(
        mutation("recordGathering", f"gathering {{ cases {{ {SHOWN} }} }} userErrors {{ code }}"),
        lambda case_id: {"input": _conference(case_id)},
    ),
    "mutation:recordConferenceDecision": Read(
        mutation("recordConferenceDecision", f"case {{ {SHOWN} }} userErrors {{ code }}"),
        prepared=_decision,
    ),
}

READS: dict[str, Read] = {
    "case": Read(f"query($id: ID!) {{ case(id: $id) {{ {SHOWN} }} }}"),
    "node": Read(
        "query($id: ID!) { node(id: $id) { id ... on Case { status child { fullName } } } }"
    ),
    "cases": Read(
        f"{{ cases(first: 1) {{ pageInfo {{ endCursor }} edges {{ node {{ {SHOWN} }} }} }} }}",
        lambda _: {},
    ),
    "caseAsOf": Read(f"query($id: ID!) {{ caseAsOf(id: $id, version: 1) {{ {SHOWN} }} }}"),
    "myQueue": Read(f"{{ myQueue(first: 100) {{ {SHOWN} }} }}", lambda _: {}, BEFORE["myQueue"]),
    "approvalQueue": Read(
        f"{{ approvalQueue(first: 100) {{ edges {{ node {{ {SHOWN} }} }} }} }}",
        lambda _: {},
        BEFORE["approvalQueue"],
        SUPERVISOR,
    ),
    "incomingTransfers": Read(
        f"{{ incomingTransfers(first: 100) {{ edges {{ node {{ {SHOWN} }} }} }} }}",
        lambda _: {},
        BEFORE["incomingTransfers"],
        SUPERVISOR,
    ),
    "subscription:caseChanged": Read(
        f"subscription($id: ID!) {{ caseChanged(id: $id) {{ {SHOWN} }} }}",
        then="recordContactAttempt",
    ),
    "subscription:myQueueChanged": Read(
        f"subscription {{ myQueueChanged(first: 100) {{ {SHOWN} }} }}",
        lambda _: {},
        BEFORE["myQueue"],
        then="recordContactAttempt",
    ),
    # flagging opens the case, so the flag itself is the read (see _flag)
    "mutation:flagChild": Read("", lambda _: {}),
    **{f"mutation:{name}": change(name) for name in INPUTS},
    **HOUSEHOLD_READS,
    **TEAM_READS,
}
