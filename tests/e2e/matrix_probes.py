"""One probe per root field of the schema: the request to send, and who may send it.

A probe `per_case` is sent once for each case of the matrix (and once for a case that does
not exist); the others once per caller. `roles` are the roles the access table lets use the
field; everyone else must get FORBIDDEN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from baxt.application.access.principal import Role
from baxt.application.directory import SOS_ORGANISATION_ID
from baxt.graphql.core.node import global_id
from tests.factories import child
from tests.operations import PLAN, child_input, mutation

CW, SUP, AUD, AN, PAR, ADM = (
    Role.CASEWORKER,
    Role.SUPERVISOR,
    Role.AUDITOR,
    Role.ANALYST,
    Role.PARTNER,
    Role.ADMIN,
)
READERS = frozenset({CW, SUP, AUD})
CHANGERS = frozenset({CW, SUP})
FIGURES = frozenset({SUP, AUD, AN})
NO_RUN = "00000000-0000-4000-8000-000000000000"
NO_CASE = global_id("Case", NO_RUN)
FAR_FUTURE = (datetime.now(UTC) + timedelta(days=365)).isoformat()

SHOWN = """id child { fullName personalId } household { guardianPhone mahalla }
  visits { observations } history(first: 50) { nodes { type data } }"""

Variables = Callable[["Target"], dict[str, Any]]


@dataclass(frozen=True)
class Target:
    """What a probe is sent about: a case of the matrix (its global ID and child), or none."""

    case_id: str = ""
    child: dict[str, Any] = field(default_factory=dict)
    checkpoint: int = 0


@dataclass(frozen=True)
class Probe:
    query: str
    roles: frozenset[Role]
    variables: Variables = lambda _: {}
    per_case: bool = False
    flags_at_home: bool = False  # flagChild: refused outside the caller's places
    tolerated: frozenset[str] = frozenset()  # error codes an allowed caller may get


def _by_id(text: str, **more: Any) -> Probe:
    return Probe(text, more.pop("roles", READERS), lambda t: {"id": t.case_id}, True, **more)


def _change(name: str, roles: frozenset[Role], extra: Callable[[], dict[str, Any]]) -> Probe:
    text = mutation(name, f"case {{ {SHOWN} }} userErrors {{ field message code }}")
    return Probe(text, roles, lambda t: {"input": {"caseId": t.case_id, **extra()}}, True)


def _hours_ago(hours: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()


HOME = {
    "guardianName": "Matrix Guardian",
    "guardianPhone": "+998909990000",
    "region": "Toshkent shahri",
    "district": "Chilonzor",
    "mahalla": "Bunyodkor",
}
FLAG = mutation("flagChild", f"case {{ {SHOWN} }} userErrors {{ field message code }}")
STAFF = {
    "userId": "cw.extra",
    "fullName": "Extra Worker",
    "role": "CASEWORKER",
    "region": "Toshkent shahri",
    "district": "Chilonzor",
}
MATRIX_ORG = "7d0c2a52-5c1e-4c55-9a3e-6f0d1b2c3a4d"
PARTNER_ORG = "Polyclinic 12"  # the matrix's partner's `org` claim
ROSTER_HEADER = "user_id,full_name,role,email,phone,language,region,district,mahallas,capacity\n"

QUERIES: dict[str, Probe] = {
    "case": _by_id(f"query($id: ID!) {{ case(id: $id) {{ {SHOWN} }} }}"),
    "node": _by_id(
        f"query($id: ID!) {{ node(id: $id) {{ id ... on Case {{ {SHOWN} }} }} }}",
        roles=frozenset(Role),  # null for a case the caller may not see, partners included
    ),
    "caseAsOf": _by_id(f"query($id: ID!) {{ caseAsOf(id: $id, version: 2) {{ {SHOWN} }} }}"),
    "caseChanges": Probe(
        """query($id: ID!, $to: DateTime!) { caseChanges(id: $id, from: "2000-01-01T00:00:00Z",
          to: $to) { nodes { version type changes { field before after } } } }""",
        READERS,
        lambda t: {"id": t.case_id, "to": FAR_FUTURE},
        per_case=True,
    ),
    "caseAccessLog": _by_id(
        "query($id: ID!) { caseAccessLog(id: $id) { nodes { actor role operation } } }",
        roles=frozenset({AUD}),
    ),
    "verifyCase": _by_id(
        "query($id: ID!) { verifyCase(id: $id) { ok versionsChecked } }",
        roles=frozenset({SUP, AUD}),
    ),
    "inclusionProof": _by_id(
        "query($id: ID!) { inclusionProof(caseId: $id, version: 1) { version entry holds } }",
        roles=frozenset({AUD}),
        tolerated=frozenset({"NOT_FOUND", "BAD_USER_INPUT"}),
    ),
    "cases": Probe(f"{{ cases(first: 100) {{ edges {{ node {{ {SHOWN} }} }} }} }}", READERS),
    "myQueue": Probe(f"{{ myQueue(first: 100) {{ {SHOWN} }} }}", READERS),
    "quarterPlan": Probe('{ quarterPlan(quarter: "2026-Q4") { due done } }', FIGURES),
    "ageThreeSurvey": Probe("{ ageThreeSurvey(year: 2026) { region children } }", FIGURES),
    "staffMembers": Probe("{ staffMembers { userId } }", frozenset({ADM, SUP})),
    "myNotifications": Probe(
        "{ myNotifications { edges { node { caseId kind } } } }", frozenset({CW, SUP, ADM})
    ),
    "indicators": Probe("{ indicators { code } }", FIGURES | {CW, PAR}),
    "ruleSets": Probe("{ ruleSets { code } }", FIGURES | {CW, PAR}),
    "screeningRuns": Probe("{ screeningRuns { id rowsRead } }", FIGURES),
    "screeningRun": Probe(f'{{ screeningRun(id: "{NO_RUN}") {{ id }} }}', FIGURES),
    "screeningRejects": Probe(
        f'{{ screeningRejects(runId: "{NO_RUN}") {{ line reason }} }}', frozenset({SUP, AUD})
    ),
    "compareScreening": Probe(
        f'{{ compareScreening(runId: "{NO_RUN}", ruleSet: "WEIGHTED_2027") {{ added }} }}',
        FIGURES,
        tolerated=frozenset({"BAD_USER_INPUT"}),
    ),
    "logCheckpoints": Probe("{ logCheckpoints { treeSize } }", frozenset({SUP, AUD})),
    "logKey": Probe("{ logKey { origin } }", frozenset({SUP, AUD})),
    "consistencyProof": Probe(
        "query($n: Int!) { consistencyProof(firstSize: $n, secondSize: $n) { holds } }",
        frozenset({SUP, AUD}),
        lambda t: {"n": t.checkpoint},
    ),
    "services": Probe(
        "{ services(first: 5) { edges { node { id name organisation { id } } } } }",
        frozenset(Role),
    ),
    "organisations": Probe("{ organisations { id name kind } }", frozenset(Role)),
    "partnerReferral": Probe(
        '{ partnerReferral(id: "no-such-referral") { id child { fullName } } }', frozenset({PAR})
    ),
    "partnerReferrals": Probe(
        "{ partnerReferrals(first: 5) { nodes { id child { fullName } } } }", frozenset({PAR})
    ),
    "partnerFigures": Probe(
        f"""{{ partnerFigures(organisationId: "{PARTNER_ORG}", from: "2026-01-01",
          to: "2026-12-31") {{ childrenSupported }} }}""",
        FIGURES | {PAR},
    ),
    "labels": Probe(
        '{ labels(language: RU, enum: "CaseStatus") { value label } }', frozenset(Role)
    ),
    "approvalQueue": Probe(
        f"{{ approvalQueue(first: 100) {{ edges {{ node {{ {SHOWN} }} }} }} }}", frozenset({SUP})
    ),
    "incomingTransfers": Probe(
        f"{{ incomingTransfers(first: 100) {{ edges {{ node {{ {SHOWN} }} }} }} }}",
        frozenset({SUP}),
    ),
}


def _partner(name: str, extra: dict[str, Any]) -> Probe:
    text = mutation(name, "referral { id } userErrors { code }")
    return Probe(text, frozenset({PAR}), lambda _: {"input": {"referralId": "none", **extra}})


MUTATIONS: dict[str, Probe] = {
    "recordConsent": _change(
        "recordConsent", CHANGERS, lambda: {"organisationId": SOS_ORGANISATION_ID}
    ),
    "revokeConsent": _change(
        "revokeConsent", CHANGERS, lambda: {"organisationId": SOS_ORGANISATION_ID}
    ),
    "cancelReferral": _change(
        "cancelReferral", CHANGERS, lambda: {"referralId": "none", "reason": "moved"}
    ),
    "respondToReferral": _partner("respondToReferral", {"accept": True}),
    "recordReferralProgress": _partner("recordReferralProgress", {"kind": "SESSION_HELD"}),
    "completeReferral": _partner("completeReferral", {"outcome": "GOALS_MET"}),
    "reportConcern": Probe(
        """mutation($input: ReportConcernInput!) { reportConcern(input: $input) {
          receipt { receivedAt } userErrors { code } } }""",
        frozenset({PAR}),
        lambda _: {
            "input": {
                "child": {
                    "personalId": "1",
                    "fullName": "Nobody",
                    "birthDate": "2020-01-01",
                    "sex": "FEMALE",
                },
                "household": HOME,
            }
        },
    ),
    "flagChild": Probe(
        FLAG,
        CHANGERS,
        lambda t: {"input": {"child": t.child, "household": HOME, "source": "MAHALLA_TEAM"}},
        per_case=True,
        flags_at_home=True,
    ),
    "recordContactAttempt": _change(
        "recordContactAttempt", CHANGERS, lambda: {"outcome": "NO_ANSWER"}
    ),
    "recordVisit": _change(
        "recordVisit",
        CHANGERS,
        lambda: {"visitedAt": _hours_ago(1), "childSeen": True, "guardianPresent": True},
    ),
    "recordConsultation": _change(
        "recordConsultation",
        CHANGERS,
        lambda: {"needs": [{"domain": "HEALTH", "level": "LOW"}], "plan": PLAN},
    ),
    "referCase": _change(
        "referCase",
        CHANGERS,
        lambda: {
            "serviceCategory": "HEALTH",
            "provider": "Polyclinic 12",
            "reason": "check-up",
            "consentGiven": True,
        },
    ),
    "closeCase": _change("closeCase", CHANGERS, lambda: {"reason": "MOVED"}),
    "reopenCase": _change("reopenCase", CHANGERS, lambda: {"reason": "came back"}),
    "assignCase": _change("assignCase", frozenset({SUP}), lambda: {"caseworker": "cw.in"}),
    "approveClosure": _change("approveClosure", frozenset({SUP}), lambda: {"comment": "agreed"}),
    "rejectClosure": _change("rejectClosure", frozenset({SUP}), lambda: {"comment": "not yet"}),
    "withdrawClosure": _change("withdrawClosure", CHANGERS, dict),
    "approveRequest": _change(
        "approveRequest", frozenset({SUP}), lambda: {"kind": "WORK_PLAN", "comment": "agreed"}
    ),
    "rejectRequest": _change(
        "rejectRequest", frozenset({SUP}), lambda: {"kind": "TRANSFER", "comment": "not yet"}
    ),
    "withdrawRequest": _change("withdrawRequest", CHANGERS, lambda: {"kind": "CLOSURE"}),
    # An empty mahalla is refused in reach, so no matrix case is ever on its way elsewhere.
    "requestTransfer": _change(
        "requestTransfer",
        CHANGERS,
        lambda: {"region": "Toshkent shahri", "district": "Mirobod", "mahalla": "", "reason": "x"},
    ),
    "acceptTransfer": _change("acceptTransfer", frozenset({SUP}), dict),
    "declineTransfer": _change("declineTransfer", frozenset({SUP}), lambda: {"reason": "no"}),
    "correctChild": Probe(  # to the name it has: the matrix's secrets stay what they were
        mutation("correctChild", f"case {{ {SHOWN} }} userErrors {{ field message code }}"),
        CHANGERS,
        lambda t: {
            "input": {
                "caseId": t.case_id,
                "reason": "typo",
                "fullName": t.child.get("fullName", "Matrix Child"),
            }
        },
        per_case=True,
    ),
    "correctHousehold": _change(
        "correctHousehold", CHANGERS, lambda: {"reason": "typo", "guardianName": "Matrix Carer"}
    ),
    "reviseWorkPlan": _change(
        "reviseWorkPlan",
        CHANGERS,
        lambda: {
            "reason": "review",
            "add": [{"goal": "Day care", "serviceCategory": "DAY_CARE", "dueOn": "2030-01-01"}],
        },
    ),
    "recordReview": _change(
        "recordReview", CHANGERS, lambda: {"reviewedOn": "2026-01-05", "riskLevel": "LOW"}
    ),
    "saveStaffMember": Probe(
        """mutation($input: StaffMemberInput!) { saveStaffMember(input: $input) {
          staffMember { userId } userErrors { code } } }""",
        frozenset({ADM}),
        lambda _: {"input": STAFF},
    ),
    "importRoster": Probe(
        """mutation($csv: String!) { importRoster(input: {csv: $csv}) {
          imported { userId } rejected { line } } }""",
        frozenset({ADM}),
        lambda _: {"csv": ROSTER_HEADER},
    ),
    "saveOrganisation": Probe(
        """mutation($input: SaveOrganisationInput!) { saveOrganisation(input: $input) {
          organisation { id } userErrors { code } } }""",
        frozenset({ADM}),
        lambda _: {"input": {"id": MATRIX_ORG, "name": "Matrix NGO", "kind": "NGO"}},
    ),
    "saveService": Probe(
        """mutation($input: SaveServiceInput!) { saveService(input: $input) {
          service { id } userErrors { code } } }""",
        frozenset({ADM}),
        lambda _: {
            "input": {
                "organisationId": MATRIX_ORG,
                "name": "Matrix service",
                "category": "DAY_CARE",
                "regions": ["Toshkent shahri"],
            }
        },
    ),
    "saveLocation": Probe(
        """mutation($input: SaveLocationInput!) { saveLocation(input: $input) {
          location { id } userErrors { code } } }""",
        frozenset({ADM}),
        lambda _: {
            "input": {
                "organisationId": MATRIX_ORG,
                "name": "Matrix centre",
                "address": "Chilonzor",
                "region": "Toshkent shahri",
            }
        },
    ),
    "markNotificationsRead": Probe(
        """mutation { markNotificationsRead(input: {ids: ["not-one"]}) {
          notifications { id } userErrors { code } } }""",
        frozenset({CW, SUP, ADM}),
    ),
    "eraseChildData": Probe(  # a case nobody has: erasing a matrix case would end the others
        """mutation($input: EraseChildDataInput!) { eraseChildData(input: $input) {
          caseId version userErrors { code } } }""",
        frozenset({ADM}),
        lambda _: {"input": {"caseId": NO_CASE, "legalReason": "Court order 2026/1"}},
    ),
}

WEBHOOKS = frozenset({PAR, ADM})
NO_WEBHOOK = "00000000-0000-4000-8000-00000000feed"
ENDPOINT = "endpoint { id organisationId url enabled } userErrors { field code }"
QUERIES |= {
    "webhookEndpoints": Probe("{ webhookEndpoints { id organisationId url } }", WEBHOOKS),
    "webhookDeliveries": Probe(
        "{ webhookDeliveries(first: 10) { edges { node { id status attempts { number } } } } }",
        WEBHOOKS,
    ),
}
MUTATIONS |= {
    "registerWebhookEndpoint": Probe(
        f"""mutation($input: RegisterWebhookEndpointInput!) {{
          registerWebhookEndpoint(input: $input) {{ secret {ENDPOINT} }} }}""",
        WEBHOOKS,
        lambda _: {"input": {"url": "https://hooks.example.uz/matrix"}},
    ),
    **{
        name: Probe(
            f"""mutation($id: ID!) {{ {name}(input: {{endpointId: $id}}) {{ {ENDPOINT} }} }}""",
            WEBHOOKS,
            lambda _: {"id": NO_WEBHOOK},
        )
        for name in ("rotateWebhookSecret", "disableWebhookEndpoint", "enableWebhookEndpoint")
    },
    "replayWebhookDelivery": Probe(
        """mutation($id: ID!) { replayWebhookDelivery(input: {deliveryId: $id}) {
          delivery { id } userErrors { code } } }""",
        WEBHOOKS,
        lambda _: {"id": NO_WEBHOOK},
    ),
}

NO_REPORT = global_id("ConcernReport", NO_WEBHOOK)
"""The global ID of a ConcernReport that does not exist."""
REPORTED = "report { id reference status } userErrors { field code }"
QUERIES |= {
    "concernReport": Probe(f'{{ concernReport(id: "{NO_REPORT}") {{ id reference }} }}', READERS),
    "concernReports": Probe(
        "{ concernReports(first: 10) { totalCount nodes { id reference child { fullName } } } }",
        READERS,
    ),
}
MUTATIONS |= {
    "receiveConcernReport": Probe(
        mutation("receiveConcernReport", REPORTED),
        CHANGERS,
        lambda _: {
            "input": {
                "reporter": {"kind": "NEIGHBOUR"},
                "child": {"seen": "alone at night"},
                "place": {k: HOME[k] for k in ("region", "district", "mahalla")},
            }
        },
        flags_at_home=True,
    ),
    "linkConcernReport": Probe(
        mutation("linkConcernReport", REPORTED),
        CHANGERS,
        lambda _: {"input": {"reportId": NO_REPORT, "caseId": NO_REPORT}},
    ),
    "openCaseFromConcernReport": Probe(
        mutation("openCaseFromConcernReport", REPORTED),
        CHANGERS,
        lambda _: {
            "input": {"reportId": NO_REPORT, "child": child_input(child()), "household": HOME}
        },
        flags_at_home=True,
    ),
    "closeConcernReport": Probe(
        mutation("closeConcernReport", REPORTED),
        CHANGERS,
        lambda _: {"input": {"reportId": NO_REPORT, "reason": "DUPLICATE"}},
    ),
}

NO_HOUSEHOLD = global_id("HouseholdRecord", NO_WEBHOOK)
"""The global ID of a household record that does not exist."""
HOUSEHOLD_ADDRESS = {k: HOME[k] for k in ("region", "district", "mahalla")}
QUERIES |= {
    "household": Probe(f'{{ household(id: "{NO_HOUSEHOLD}") {{ id }} }}', READERS),
    "monitoringFigures": Probe('{ monitoringFigures(quarter: "2026-Q4") { quarter } }', FIGURES),
    "monitoringQuarters": Probe("{ monitoringQuarters }", FIGURES),
    "publishedFigureSources": Probe(
        '{ publishedFigureSources(quarter: "2026-Q4", measure: FLAGGED)'
        " { totalCount nodes { caseId versions positions } } }",
        frozenset({AUD}),
        tolerated=frozenset({"QUARTER_NOT_PUBLISHED"}),
    ),
}
MUTATIONS |= {
    "registerHousehold": Probe(
        mutation("registerHousehold", "household { id } userErrors { field code }"),
        CHANGERS,
        lambda _: {
            "input": {
                "guardians": [{"fullName": "Matrix Guardian", "phone": "+998909990000"}],
                "address": HOUSEHOLD_ADDRESS,
            }
        },
        flags_at_home=True,
    ),
    "linkCaseToHousehold": Probe(
        mutation("linkCaseToHousehold", "case { id } userErrors { field code }"),
        CHANGERS,
        lambda _: {"input": {"householdId": NO_HOUSEHOLD, "caseId": NO_CASE}},
    ),
    "recordHouseholdVisit": Probe(
        mutation("recordHouseholdVisit", "children { recorded } userErrors { field code }"),
        CHANGERS,
        lambda _: {
            "input": {
                "householdId": NO_HOUSEHOLD,
                "visitedAt": _hours_ago(1),
                "guardianPresent": True,
                "children": [{"caseId": NO_CASE, "childSeen": True}],
            }
        },
    ),
}

NO_TEAM = global_id("InteragencyTeam", NO_WEBHOOK)
NO_GATHERING = global_id("Gathering", NO_WEBHOOK)
"""The global IDs of a team and a gathering that do not exist."""
QUERIES |= {
    "interagencyTeams": Probe("{ interagencyTeams { id name members { fullName } } }", READERS),
    "gatherings": Probe("{ gatherings { id kind cases { id } } }", READERS),
    "trainingFigures": Probe(
        '{ trainingFigures(quarter: "2026-Q4") { total { trainingsHeld } } }', FIGURES
    ),
}
MUTATIONS |= {
    "createInteragencyTeam": Probe(
        mutation("createInteragencyTeam", "team { id } userErrors { field code }"),
        CHANGERS,
        lambda _: {"input": {"name": "Matrix team", "place": HOUSEHOLD_ADDRESS}},
        flags_at_home=True,
    ),
    "addTeamMember": Probe(
        mutation("addTeamMember", "team { id } userErrors { field code }"),
        CHANGERS,
        lambda _: {"input": {"teamId": NO_TEAM, "fullName": "Matrix Member", "agency": "NGO"}},
    ),
    "removeTeamMember": Probe(
        mutation("removeTeamMember", "team { id } userErrors { field code }"),
        CHANGERS,
        lambda _: {"input": {"teamId": NO_TEAM, "memberId": NO_RUN}},
    ),
    "recordGathering": Probe(
        mutation("recordGathering", "gathering { id } userErrors { field code }"),
        CHANGERS,
        lambda _: {
            "input": {
                "kind": "MEETING",
                "heldOn": (datetime.now(UTC) - timedelta(days=1)).date().isoformat(),
                "place": HOUSEHOLD_ADDRESS,
            }
        },
        flags_at_home=True,
    ),
    "recordConferenceDecision": Probe(
        mutation("recordConferenceDecision", "case { id } userErrors { field code }"),
        CHANGERS,
        lambda _: {"input": {"caseId": NO_CASE, "gatheringId": NO_GATHERING, "decision": "Refer"}},
    ),
}
QUERIES |= {
    "duplicateCandidates": Probe(
        f'{{ duplicateCandidates(caseId: "{NO_CASE}") {{ score case {{ {SHOWN} }} }} }}',
        CHANGERS,
    ),
    "duplicatePairs": Probe(
        f"{{ duplicatePairs(first: 100) {{ totalCount nodes {{ score reasons"
        f" case {{ {SHOWN} }} otherCase {{ {SHOWN} }} }} }} }}",
        CHANGERS,
    ),
}
MUTATIONS |= {
    "mergeCases": Probe(
        mutation("mergeCases", "keptCase { id } mergedCase { id } userErrors { field code }"),
        CHANGERS,
        lambda _: {"input": {"keptCaseId": NO_CASE, "mergedCaseId": NO_CASE, "reason": "m"}},
        tolerated=frozenset({"SAME_CASE"}),
    ),
    "markNotDuplicate": Probe(
        mutation("markNotDuplicate", "case { id } otherCase { id } userErrors { field code }"),
        CHANGERS,
        lambda _: {"input": {"caseId": NO_CASE, "otherCaseId": NO_CASE}},
        tolerated=frozenset({"SAME_CASE"}),
    ),
}
