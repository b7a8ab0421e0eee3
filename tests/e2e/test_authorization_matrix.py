"""Every root field of the schema, for every role (in and out of scope), on cases in two districts,
assigned and not, over real HTTP: each answer is what the access table allows, or null,
NOT_FOUND or FORBIDDEN; no case out of reach shows up anywhere, and masked fields are masked.

It runs on a database of its own, so the only cases are the matrix's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import httpx
import pytest

from baxt import bootstrap
from baxt.application.access.masks import mask_pinfl
from baxt.application.access.principal import Role
from baxt.application.directory import seed_directory
from baxt.config import Settings
from baxt.graphql.core.node import global_id, parse_global_id
from tests.database import scratch_database
from tests.e2e.matrix_probes import MUTATIONS, PARTNER_ORG, QUERIES, Probe, Target
from tests.e2e.schema_walk import GRAPHQL
from tests.factories import child, hours_ago
from tests.operations import child_input, mutation
from tests.serving import RunningServer, running_api

OUT_OF_REACH = ("NOT_FOUND",)


@dataclass(frozen=True)
class Case:
    """A case of the matrix and everything about it that must not leak."""

    name: str
    target: Target
    full_name: str
    pinfl: str
    phone: str
    observations: str
    caseworker: str | None

    @property
    def secrets(self) -> list[str]:
        parsed = parse_global_id(self.target.case_id)
        assert parsed is not None
        values = [self.target.case_id, parsed[1], self.full_name, self.pinfl, self.phone]
        return [*values, self.observations]


@dataclass(frozen=True)
class Caller:
    name: str
    user: str
    role: Role
    scope: dict[str, object]
    reaches: frozenset[str]
    flags_at_home: bool = False


PLACES = {
    "A1": (("Toshkent shahri", "Chilonzor", "Bunyodkor"), None),
    "A2": (("Toshkent shahri", "Chilonzor", "Qatortol"), "cw.in"),
    "B1": (("Samarqand viloyati", "Urgut", "Navbahor"), None),
    "B2": (("Samarqand viloyati", "Urgut", "Navbahor"), "cw.in"),
}
NAMES = {"A1": "Alfiya", "A2": "Barno", "B1": "Charos", "B2": "Dilbar"}
EVERY_CASE = frozenset(PLACES)
CALLERS = [
    Caller(
        "caseworker-in",
        "cw.in",
        Role.CASEWORKER,
        {"mahallas": ["Bunyodkor", "Qatortol"], "districts": ["Chilonzor"]},
        frozenset({"A1", "A2", "B2"}),
        flags_at_home=True,
    ),
    Caller("caseworker-out", "cw.out", Role.CASEWORKER, {"mahallas": ["Minor"]}, frozenset()),
    Caller(
        "supervisor-in",
        "sup.in",
        Role.SUPERVISOR,
        {"districts": ["Chilonzor"]},
        frozenset({"A1", "A2"}),
        flags_at_home=True,
    ),
    Caller(
        "supervisor-out", "sup.out", Role.SUPERVISOR, {"regions": ["Xorazm viloyati"]}, frozenset()
    ),
    Caller("auditor", "aud", Role.AUDITOR, {}, EVERY_CASE),
    Caller("analyst", "analyst", Role.ANALYST, {"regions": ["Toshkent shahri"]}, frozenset()),
    Caller("partner", "partner", Role.PARTNER, {"org": PARTNER_ORG}, frozenset()),
    Caller("admin", "admin", Role.ADMIN, {"districts": ["Chilonzor"]}, frozenset()),
]
PROBES: dict[str, Probe] = {
    **{f"query:{name}": probe for name, probe in QUERIES.items()},
    **{f"mutation:{name}": probe for name, probe in MUTATIONS.items()},
}


def root_fields() -> list[str]:
    """Every Query field, then every Mutation field, as the schema declares them."""
    assert GRAPHQL.query_type is not None
    assert GRAPHQL.mutation_type is not None
    return [f"query:{name}" for name in GRAPHQL.query_type.fields] + [
        f"mutation:{name}" for name in GRAPHQL.mutation_type.fields
    ]


@dataclass(frozen=True)
class Matrix:
    server: RunningServer
    cases: dict[str, Case]
    missing: Target
    checkpoint: int

    def ask(self, caller: Caller, probe: Probe, target: Target) -> dict[str, Any]:
        token = self.server.token(caller.user, caller.role, scope=caller.scope)
        answer: dict[str, Any] = _post(self.server, token, probe.query, probe.variables(target))
        return answer


def _post(server: RunningServer, token: str, query: str, variables: dict[str, Any]) -> Any:
    answer = httpx.post(
        f"{server.url}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    return answer.json()


@pytest.fixture(scope="module")
def matrix(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path_factory.mktemp("matrix"),
            read_your_writes_timeout=10,
        )
        with running_api(settings) as server:
            yield _set_up(server)


def _set_up(server: RunningServer) -> Matrix:
    seed_directory(server.database_url)
    admin = server.token("admin.setup", Role.ADMIN)
    member = {**MUTATIONS["saveStaffMember"].variables(Target())["input"], "userId": "cw.in"}
    _post(server, admin, MUTATIONS["saveStaffMember"].query, {"input": member})
    setup = server.token("sup.setup", Role.SUPERVISOR, {"districts": ["Chilonzor", "Urgut"]})
    cases = {name: _flagged(server, setup, name, n) for n, name in enumerate(PLACES)}
    runtime = bootstrap.Runtime(server.settings, server.database_url)
    bootstrap.take_checkpoint(runtime)
    auditor = server.token("aud.setup", Role.AUDITOR)
    sizes = _post(server, auditor, "{ logCheckpoints(last: 1) { treeSize } }", {})
    checkpoint = sizes["data"]["logCheckpoints"][0]["treeSize"]
    missing = Target(case_id=global_id("Case", str(uuid4())), checkpoint=checkpoint)
    return Matrix(server, cases, missing, checkpoint)


def _flagged(server: RunningServer, token: str, name: str, n: int) -> Case:
    (region, district, mahalla), caseworker = PLACES[name]
    kid = child(name=f"Matrixova {NAMES[name]}")
    phone = f"+99890555{n:04d}"
    given = child_input(kid)
    household = {
        "guardianName": "Matrix Guardian",
        "guardianPhone": phone,
        **{"region": region, "district": district, "mahalla": mahalla},
    }
    flag = {"input": {"child": given, "household": household, "source": "MAHALLA_TEAM"}}
    case_id = _payload(server, token, "flagChild", flag)["case"]["id"]
    observations = f"bruise noted on case {name} visit"
    visit = {"caseId": case_id, "visitedAt": hours_ago(2).isoformat(), "childSeen": True}
    visit |= {"guardianPresent": True, "observations": observations}
    _payload(server, token, "recordVisit", {"input": visit})
    if caseworker:
        assign = {"caseId": case_id, "caseworker": caseworker}
        _payload(server, token, "assignCase", {"input": assign})
    target = Target(case_id=case_id, child=given)
    return Case(name, target, kid.full_name, kid.personal_id, phone, observations, caseworker)


def _payload(server: RunningServer, token: str, name: str, variables: dict[str, Any]) -> Any:
    query = mutation(name, "case { id } userErrors { code message }")
    answer = _post(server, token, query, variables)
    payload = answer["data"][name]
    assert payload["userErrors"] == [], answer
    return payload


def test_every_root_field_has_a_probe() -> None:
    missing = [name for name in root_fields() if name not in PROBES]
    stale = [name for name in PROBES if name not in root_fields()]
    assert missing == [], f"add these fields to tests/e2e/matrix_probes.py: {missing}"
    assert stale == []


def test_the_matrix_size() -> None:
    probes = [PROBES[name] for name in root_fields()]
    per_case = sum(1 for probe in probes if probe.per_case)
    # a case-bound probe also asks about a missing case, but flagChild names a child instead
    targets = sum(
        (len(PLACES) + (not probe.flags_at_home)) if probe.per_case else 1 for probe in probes
    )
    cells = len(CALLERS) * targets
    print(
        f"authorization matrix: {len(Role)} roles as {len(CALLERS)} callers x"
        f" {len(probes)} root fields ({per_case} per case, on {len(PLACES)} cases"
        f" and a missing one) = {cells} requests"
    )
    assert cells > len(CALLERS) * len(probes)


# These two read before the mutations below assign and close cases.
def test_a_caller_s_list_holds_exactly_the_cases_in_their_reach(matrix: Matrix) -> None:
    for caller in CALLERS:
        if caller.role not in QUERIES["cases"].roles:
            continue
        text = json.dumps(matrix.ask(caller, QUERIES["cases"], Target()))
        listed = {name for name, case in matrix.cases.items() if case.target.case_id in text}
        assert listed == caller.reaches, caller.name


def test_a_caseworker_s_queue_holds_the_cases_assigned_to_them_in_reach(matrix: Matrix) -> None:
    for caller in CALLERS:
        if caller.role not in QUERIES["myQueue"].roles:
            continue
        text = json.dumps(matrix.ask(caller, QUERIES["myQueue"], Target()))
        queued = {name for name, case in matrix.cases.items() if case.target.case_id in text}
        mine = {n for n, c in matrix.cases.items() if c.caseworker == caller.user}
        assert queued == mine & caller.reaches, caller.name


@pytest.mark.parametrize("field", root_fields())
def test_each_field_answers_every_caller_per_the_access_table(matrix: Matrix, field: str) -> None:
    probe = PROBES.get(field)
    assert probe is not None, f"{field} has no probe: add one to tests/e2e/matrix_probes.py"
    name = field.partition(":")[2]
    failures: list[str] = []
    for caller in CALLERS:
        failures += _judge_caller(matrix, caller, probe, name)
    assert failures == [], "\n".join(failures)


def _judge_caller(matrix: Matrix, caller: Caller, probe: Probe, name: str) -> list[str]:
    if not probe.per_case:
        target = Target(checkpoint=matrix.checkpoint)
        body = matrix.ask(caller, probe, target)
        return _judge(matrix, caller, probe, name, None, body, None)
    control = None if probe.flags_at_home else matrix.ask(caller, probe, matrix.missing)
    failures = [] if control is None else _judge(matrix, caller, probe, name, None, control, None)
    for case in matrix.cases.values():
        body = matrix.ask(caller, probe, case.target)
        failures += _judge(matrix, caller, probe, name, case, body, control)
    return failures


def _expected(probe: Probe, caller: Caller, case: Case | None) -> str:
    if caller.role not in probe.roles or (probe.flags_at_home and not caller.flags_at_home):
        return "FORBIDDEN"
    if not probe.per_case:
        return "ANSWERED"
    return "SHOWN" if case is not None and case.name in caller.reaches else "HIDDEN"


def _judge(
    matrix: Matrix,
    caller: Caller,
    probe: Probe,
    name: str,
    case: Case | None,
    body: dict[str, Any],
    control: dict[str, Any] | None,
) -> list[str]:
    expected = _expected(probe, caller, case)
    where = f"{name} as {caller.name} on {case.name if case else '-'} ({expected})"
    problems = _outcome(expected, probe, name, body, case)
    problems += _leaks(matrix, caller, body)
    if expected == "SHOWN" and case is not None:
        problems += _masked(caller, body, case)
    if expected == "HIDDEN" and case is not None and control is not None:
        mine, missing = case.target.case_id, matrix.missing.case_id
        if _normalised(body, mine) != _normalised(control, missing):
            problems.append(f"answers unlike a missing case: {body} vs {control}")
    return [f"{where}: {problem}" for problem in problems]


def _outcome(
    expected: str, probe: Probe, name: str, body: dict[str, Any], case: Case | None
) -> list[str]:
    codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
    value = (body.get("data") or {}).get(name)
    if expected == "FORBIDDEN":
        return [] if codes == ["FORBIDDEN"] and value is None else [f"not FORBIDDEN: {body}"]
    allowed = probe.tolerated | (set(OUT_OF_REACH) if expected == "HIDDEN" else set())
    if any(code not in allowed for code in codes):
        return [f"unexpected errors: {body}"]
    if expected == "HIDDEN" and not _empty(value):
        return [f"shows something of a case out of reach: {value}"]
    if expected == "SHOWN" and not codes and not _shows(value, case):
        return [f"does not show a case in reach: {value}"]
    return []


def _empty(value: Any) -> bool:
    """Null, an empty list, or a payload whose case is null with at most NOT_FOUND errors."""
    if value is None or value == []:
        return True
    if isinstance(value, dict) and "userErrors" in value:
        codes = {e["code"] for e in value["userErrors"]}
        return value.get("case") is None and codes <= set(OUT_OF_REACH)
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return False


def _shows(value: Any, case: Case | None) -> bool:
    if isinstance(value, dict) and "userErrors" in value:
        codes = {e["code"] for e in value["userErrors"]}
        shown = case is not None and (value["case"] or {}).get("id") == case.target.case_id
        return shown or (bool(codes) and not codes & set(OUT_OF_REACH))
    return not _empty(value)


def _leaks(matrix: Matrix, caller: Caller, body: dict[str, Any]) -> list[str]:
    text = json.dumps(body)
    problems = [
        f"leaks {secret!r} of {case.name}"
        for case in matrix.cases.values()
        if case.name not in caller.reaches
        for secret in case.secrets
        if secret in text
    ]
    if caller.role not in (Role.CASEWORKER, Role.AUDITOR):
        problems += [
            f"shows the PINFL of {case.name} unmasked"
            for case in matrix.cases.values()
            if case.pinfl in text
        ]
    return problems


def _masked(caller: Caller, body: dict[str, Any], case: Case) -> list[str]:
    text = json.dumps(body)
    if case.target.case_id not in text or "personalId" not in text:
        return []
    seen = case.pinfl if caller.role is not Role.SUPERVISOR else mask_pinfl(case.pinfl)
    return [] if seen in text else [f"the PINFL shows as neither {seen!r} nor masked"]


def _normalised(body: dict[str, Any], case_id: str) -> str:
    parsed = parse_global_id(case_id)
    assert parsed is not None
    return json.dumps(body).replace(case_id, "<ID>").replace(parsed[1], "<UUID>")
