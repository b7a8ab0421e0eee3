"""The world the hostile-text fault test runs in: a server on a database of its own, a token
per role, cases and referrals in every state a command acts on, and a valid input for each
mutation to put a hostile character into."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx

from baxt.application.access.principal import Role
from baxt.application.directory import SOS_ORGANISATION_ID, seed_directory
from baxt.domain.work_plan import goal_id
from baxt.graphql.cases.ids import case_uuid
from tests.e2e.matrix_probes import HOME, ROSTER_HEADER
from tests.factories import child
from tests.faults.hostile_inputs import input_type
from tests.serving import RunningServer

ROSTER_ROW = (
    "cw.csv,Extra Worker,CASEWORKER,extra@example.uz,,uz-Latn,"
    "Toshkent shahri,Chilonzor,Bunyodkor,5\n"
)
CASEWORKER_ON_ROSTER = {
    "userId": "aziza.caseworker",
    "fullName": "Aziza Karimova",
    "role": "CASEWORKER",
    "region": "Toshkent shahri",
    "district": "Chilonzor",
}
WAIT_SECONDS = 30  # a bounded wait for the read model, never a timing assertion

CASE = "case { id referrals { id } } userErrors { code message }"
REPORT = "report { id } userErrors { code message }"
REPORTED = {
    "reporter": {"kind": "HOTLINE_OPERATOR", "contact": "+998901234567", "mayContact": True},
    "child": {"fullName": "Madina", "approximateAge": 7, "seen": "alone at night"},
    "place": {
        "region": "Toshkent shahri",
        "district": "Chilonzor",
        "mahalla": "Bunyodkor",
        "address": "near the bazaar",
    },
}
REPORTS = ("REPORT_TO_LINK", "REPORT_TO_OPEN_FROM", "REPORT_TO_CLOSE")
REFERRAL = "referral { id } userErrors { code message }"
Step = tuple[str, dict[str, Any]]
CW, SUP, ADMIN, PARTNER = Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN, Role.PARTNER


@dataclass(frozen=True)
class World:
    """The server, a token per role, and cases and referrals in every state a command needs,
    so that each hostile request reaches the check of its text."""

    server: RunningServer
    http: httpx.Client
    tokens: dict[Role, str]
    cases: dict[str, str]
    referrals: dict[str, str]
    households: dict[str, str] = field(default_factory=dict)

    def post(self, role: Role, body: bytes) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"}
        return self.http.post(
            "/graphql", content=body, headers=headers | {"Content-Type": "application/json"}
        )

    def call(self, role: Role, name: str, given: dict[str, Any], selection: str = CASE) -> Any:
        """The payload of a mutation that must succeed (retried while a read model lags)."""
        kind = input_type(name)
        query = f"mutation($input: {kind}) {{ {name}(input: $input) {{ {selection} }} }}"
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            answer = self.http.post(
                "/graphql",
                json={"query": query, "variables": {"input": given}},
                headers={"Authorization": f"Bearer {self.tokens[role]}"},
            ).json()
            assert "errors" not in answer, answer
            payload = answer["data"][name]
            if not payload["userErrors"] or time.monotonic() > deadline:
                assert payload["userErrors"] == [], (name, payload)
                return payload
            time.sleep(0.2)


def _child() -> dict[str, Any]:
    kid = child(name="Madina Karimova")
    born = kid.birth_date.isoformat()
    return {
        "personalId": kid.personal_id,
        "fullName": kid.full_name,
        "birthDate": born,
        "sex": kid.sex.value,
    }


def _moment(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


VISIT = {"visitedAt": _moment(-1), "childSeen": True, "guardianPresent": True}
GOAL = {"goal": "Day care", "serviceCategory": "DAY_CARE", "dueOn": "2030-01-01"}
TRANSFER = {
    "region": "Toshkent shahri",
    "district": "Yunusobod",
    "mahalla": "Minor",
    "reason": "the family moved",
}
STEPS_TO: dict[str, list[Step]] = {
    "FLAGGED": [],
    "ERASABLE": [],
    "IN_HOUSEHOLD": [],
    "CLOSED": [("closeCase", {"reason": "MOVED"})],
    "CLOSURE_REQUESTED": [("closeCase", {"reason": "OTHER", "note": "the family moved on"})],
    "VISITED": [("recordVisit", VISIT)],
    "TRANSFER_REQUESTED": [("requestTransfer", TRANSFER)],
    "CONSULTED": [
        ("recordVisit", VISIT),
        ("recordConsultation", {"needs": [{"domain": "CARE", "level": "HIGH"}], "plan": [GOAL]}),
    ],
}


HOUSEHOLD = {
    "guardians": [{"fullName": "Karimova Dilnoza", "phone": "+998901234567", "relation": "mother"}],
    "address": {
        "region": HOME["region"],
        "district": HOME["district"],
        "mahalla": HOME["mahalla"],
        "line": "Bunyodkor 12",
    },
    "members": [
        {"fullName": "Karimov Anvar", "birthDate": "1950-03-01", "relation": "grandfather"}
    ],
}


def case_in(world: World, state: str) -> str:
    """A new case, brought to `state` by the caseworker."""
    flag = {"child": _child(), "household": HOME, "source": "MAHALLA_TEAM"}
    case_id: str = world.call(CW, "flagChild", flag)["case"]["id"]
    for name, given in STEPS_TO[state]:
        world.call(CW, name, {"caseId": case_id, **given})
    return case_id


def _referred(world: World, partner_steps: list[Step]) -> tuple[str, str]:
    """A case referred to SOS with consent, and the referral moved by the partner's steps."""
    case_id = case_in(world, "CONSULTED")
    world.call(CW, "recordConsent", {"caseId": case_id, "organisationId": SOS_ORGANISATION_ID})
    refer = {
        "caseId": case_id,
        "serviceCategory": "FAMILY_STRENGTHENING",
        "provider": "SOS Children's Villages",
        "reason": "the family needs support",
        "consentGiven": True,
        "organisationId": SOS_ORGANISATION_ID,
    }
    referral: str = world.call(CW, "referCase", refer)["case"]["referrals"][-1]["id"]
    for name, given in partner_steps:
        world.call(PARTNER, name, {"referralId": referral, **given}, REFERRAL)
    return case_id, referral


def make_world(server: RunningServer, http: httpx.Client) -> World:
    """Seeds the directory and brings a case (and a referral to SOS) to each state."""
    seed_directory(server.database_url)
    tokens = {
        CW: server.token(),
        SUP: server.token("sup.chilonzor", SUP),
        ADMIN: server.token("admin", ADMIN),
        PARTNER: server.token("sos.partner", PARTNER, {"org": SOS_ORGANISATION_ID}),
    }
    world = World(server, http, tokens, {}, {})
    world.call(ADMIN, "saveStaffMember", CASEWORKER_ON_ROSTER, "userErrors { code message }")
    world.cases.update({state: case_in(world, state) for state in STEPS_TO})
    for name in REPORTS:
        world.cases[name] = world.call(CW, "receiveConcernReport", REPORTED, REPORT)["report"]["id"]
    accept: Step = ("respondToReferral", {"accept": True})
    progress: Step = ("recordReferralProgress", {"kind": "SESSION_HELD"})
    moves: dict[str, list[Step]] = {
        "PENDING": [],
        "ACCEPTED": [accept],
        "IN_PROGRESS": [accept, progress],
    }
    for state, steps in moves.items():
        world.cases[f"REFERRED_{state}"], world.referrals[state] = _referred(world, steps)
    given = HOUSEHOLD | {"caseIds": [world.cases["IN_HOUSEHOLD"]]}
    registered = world.call(CW, "registerHousehold", given, "household { id } userErrors { code }")
    world.households["HOME"] = registered["household"]["id"]
    _team_world(world)
    return world


TEAM_PLACE = {k: HOME[k] for k in ("region", "district", "mahalla")}


def _team_world(world: World) -> None:
    """A team with one member, and a case conference of it on the flagged case."""
    team = "team { id members { memberId } } userErrors { code }"
    formed = world.call(CW, "createInteragencyTeam", {"name": "Team", "place": TEAM_PLACE}, team)
    world.households["TEAM"] = formed["team"]["id"]
    member = {"teamId": formed["team"]["id"], "fullName": "Rahimov Bekzod", "agency": "SCHOOL"}
    added = world.call(CW, "addTeamMember", member, team)
    world.households["MEMBER"] = added["team"]["members"][0]["memberId"]
    conference = _gathering("CASE_CONFERENCE") | {"caseIds": [world.cases["FLAGGED"]]}
    recorded = world.call(CW, "recordGathering", conference, "gathering { id } userErrors { code }")
    world.households["CONFERENCE"] = recorded["gathering"]["id"]


def _gathering(kind: str) -> dict[str, Any]:
    return {"kind": kind, "heldOn": _moment(-30)[:10], "place": TEAM_PLACE, "title": "Meeting"}


def baselines(world: World) -> dict[str, tuple[Role, dict[str, Any]]]:
    """A valid input for each mutation, on a case or referral in a state it may act on."""
    case, referral = world.cases, world.referrals
    referred = case["REFERRED_PENDING"]
    household = HOME
    return {
        "flagChild": (
            CW,
            {
                "child": _child(),
                "household": household,
                "source": "MAHALLA_TEAM",
                "indicators": ["WATER_CUTOFF"],
                "note": "seen by the mahalla",
            },
        ),
        "receiveConcernReport": (CW, REPORTED),
        "linkConcernReport": (CW, {"reportId": case["REPORT_TO_LINK"], "caseId": case["FLAGGED"]}),
        "openCaseFromConcernReport": (
            CW,
            {
                "reportId": case["REPORT_TO_OPEN_FROM"],
                "child": _child(),
                "household": household,
                "indicators": ["WATER_CUTOFF"],
                "note": "found at home",
            },
        ),
        "closeConcernReport": (
            CW,
            {"reportId": case["REPORT_TO_CLOSE"], "reason": "DUPLICATE", "note": "called twice"},
        ),
        "reportConcern": (
            PARTNER,
            {"child": _child(), "household": household, "note": "a neighbour called"},
        ),
        "recordContactAttempt": (
            CW,
            {
                "caseId": case["FLAGGED"],
                "outcome": "REACHED",
                "visitScheduledAt": _moment(24),
                "note": "agreed",
            },
        ),
        "recordVisit": (CW, {"caseId": case["FLAGGED"], **VISIT, "observations": "at home"}),
        "recordConsultation": (
            CW,
            {
                "caseId": case["VISITED"],
                "needs": [{"domain": "CARE", "level": "LOW", "note": "some"}],
                "plan": [
                    {"goal": "day care", "serviceCategory": "DAY_CARE", "dueOn": "2030-01-01"}
                ],
                "note": "consulted",
            },
        ),
        "referCase": (
            CW,
            {
                "caseId": case["CONSULTED"],
                "serviceCategory": "DAY_CARE",
                "provider": "Day care 4",
                "reason": "the mother works",
                "consentGiven": True,
            },
        ),
        "closeCase": (CW, {"caseId": case["FLAGGED"], "reason": "MOVED", "note": "moved away"}),
        "reopenCase": (CW, {"caseId": case["CLOSED"], "reason": "came back"}),
        "assignCase": (
            SUP,
            {"caseId": case["FLAGGED"], "caseworker": "aziza.caseworker", "reason": "her mahalla"},
        ),
        "correctChild": (
            CW,
            {"caseId": case["CLOSED"], "reason": "misspelt", "fullName": "Madina Karimovna"},
        ),
        "correctHousehold": (
            CW,
            {
                "caseId": case["CLOSED"],
                "reason": "new phone",
                "guardianName": "Karimova Dilnoza",
                "guardianPhone": "+998907654321",
                "mahalla": HOME["mahalla"],
            },
        ),
        "approveClosure": (SUP, {"caseId": case["CLOSURE_REQUESTED"], "comment": "agreed"}),
        "rejectClosure": (
            SUP,
            {"caseId": case["CLOSURE_REQUESTED"], "comment": "visit the family once more"},
        ),
        "withdrawClosure": (CW, {"caseId": case["CLOSURE_REQUESTED"]}),
        "approveRequest": (
            SUP,
            {"caseId": case["CLOSURE_REQUESTED"], "kind": "CLOSURE", "comment": "agreed"},
        ),
        "rejectRequest": (
            SUP,
            {"caseId": case["CLOSURE_REQUESTED"], "kind": "CLOSURE", "comment": "visit again"},
        ),
        "withdrawRequest": (CW, {"caseId": case["CLOSURE_REQUESTED"], "kind": "CLOSURE"}),
        "reviseWorkPlan": (
            CW,
            {
                "caseId": case["CONSULTED"],
                "reason": "quarterly review",
                "add": [GOAL],
                "change": [
                    {
                        "goalId": goal_id(case_uuid(case["CONSULTED"]), 1),
                        "text": "Day care, mornings",
                        "serviceCategory": "DAY_CARE",
                        "note": "goes every morning",
                    }
                ],
            },
        ),
        "recordReview": (
            CW,
            {
                "caseId": case["CONSULTED"],
                "reviewedOn": _moment(-24)[:10],
                "riskLevel": "LOW",
                "progress": [
                    {"goalId": goal_id(case_uuid(case["CONSULTED"]), 1), "note": "goes daily"}
                ],
                "note": "reviewed at home",
            },
        ),
        "requestTransfer": (CW, {"caseId": case["FLAGGED"], **TRANSFER}),
        "acceptTransfer": (SUP, {"caseId": case["TRANSFER_REQUESTED"], "caseworker": None}),
        "declineTransfer": (
            SUP,
            {"caseId": case["TRANSFER_REQUESTED"], "reason": "the family is not here"},
        ),
        "eraseChildData": (ADMIN, {"caseId": case["ERASABLE"], "legalReason": "court order 7"}),
        "recordConsent": (CW, {"caseId": case["FLAGGED"], "organisationId": SOS_ORGANISATION_ID}),
        "revokeConsent": (
            CW,
            {
                "caseId": referred,
                "organisationId": SOS_ORGANISATION_ID,
                "reason": "the guardian asked",
            },
        ),
        "cancelReferral": (
            CW,
            {"caseId": referred, "referralId": referral["PENDING"], "reason": "moved"},
        ),
        "respondToReferral": (
            PARTNER,
            {"referralId": referral["PENDING"], "accept": False, "reason": "we are full"},
        ),
        "recordReferralProgress": (
            PARTNER,
            {
                "referralId": referral["ACCEPTED"],
                "kind": "TRAINING_COMPLETED",
                "note": "done",
                "certificateNumber": "C-17",
            },
        ),
        "completeReferral": (
            PARTNER,
            {"referralId": referral["IN_PROGRESS"], "outcome": "GOALS_MET", "note": "all well"},
        ),
        "saveStaffMember": (
            ADMIN,
            {
                "userId": "cw.extra",
                "fullName": "Extra Worker",
                "role": "CASEWORKER",
                "email": "extra@example.uz",
                "phone": "+998901234567",
                "language": "uz-Latn",
                "region": "Toshkent shahri",
                "district": "Chilonzor",
                "mahallas": ["Bunyodkor"],
            },
        ),
        "importRoster": (
            ADMIN,
            {"csv": ROSTER_HEADER + ROSTER_ROW},
        ),
        "markNotificationsRead": (CW, {"ids": [str(uuid4())]}),
        "saveOrganisation": (
            ADMIN,
            {
                "name": "Mehr NGO",
                "kind": "NGO",
                "description": "day care",
                "email": "info@mehr.uz",
                "website": "https://mehr.uz",
            },
        ),
        "saveService": (
            ADMIN,
            {
                "organisationId": SOS_ORGANISATION_ID,
                "name": "Day care",
                "category": "DAY_CARE",
                "description": "weekdays",
                "regions": ["Toshkent shahri"],
                "languages": ["uz"],
            },
        ),
        "saveLocation": (
            ADMIN,
            {
                "organisationId": SOS_ORGANISATION_ID,
                "name": "Branch",
                "address": "Amir Temur 1",
                "region": "Toshkent shahri",
                "district": "Chilonzor",
            },
        ),
        "registerWebhookEndpoint": (
            PARTNER,
            {"url": "https://partner.example/hook", "description": "our inbox"},
        ),
        "rotateWebhookSecret": (PARTNER, {"endpointId": str(uuid4())}),
        "disableWebhookEndpoint": (PARTNER, {"endpointId": str(uuid4())}),
        "enableWebhookEndpoint": (PARTNER, {"endpointId": str(uuid4())}),
        "replayWebhookDelivery": (PARTNER, {"deliveryId": str(uuid4())}),
        "registerHousehold": (CW, HOUSEHOLD),
        "linkCaseToHousehold": (
            CW,
            {"householdId": world.households["HOME"], "caseId": case["FLAGGED"]},
        ),
        "createInteragencyTeam": (
            CW,
            {"name": "Team", "place": TEAM_PLACE, "coordinationGroup": "CG"},
        ),
        "addTeamMember": (
            CW,
            {
                "teamId": world.households["TEAM"],
                "fullName": "Yusupova Malika",
                "agency": "CLINIC",
                "role": "doctor",
            },
        ),
        "removeTeamMember": (
            CW,
            {"teamId": world.households["TEAM"], "memberId": world.households["MEMBER"]},
        ),
        "recordGathering": (
            CW,
            _gathering("PARENTING_TRAINING") | {"parentsAttending": 3, "certificatesIssued": 2},
        ),
        "recordConferenceDecision": (
            CW,
            {
                "caseId": case["FLAGGED"],
                "gatheringId": world.households["CONFERENCE"],
                "decision": "refer the family",
            },
        ),
        "mergeCases": (
            CW,
            {"keptCaseId": case["FLAGGED"], "mergedCaseId": case["CLOSED"], "reason": "one"},
        ),
        "markNotDuplicate": (
            CW,
            {"caseId": case["FLAGGED"], "otherCaseId": case["IN_HOUSEHOLD"], "note": "two"},
        ),
        "recordHouseholdVisit": (
            CW,
            {
                "householdId": world.households["HOME"],
                "visitedAt": _moment(-1),
                "guardianPresent": True,
                "children": [
                    {"caseId": case["IN_HOUSEHOLD"], "childSeen": True, "observations": "well"}
                ],
            },
        ),
    }
