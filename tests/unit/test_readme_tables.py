"""README.md keeps up with the API: every mutation a role may issue is named in that role's row
of "Who may see what", every command on a case has its row in the table of statuses, and every
error code the API answers is in the error-code table. A failure names what is missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import get_named_type

from baxt.application.access.principal import Forbidden, Role, Unauthenticated
from baxt.application.access.rules import RULES, Operation
from baxt.application.transient import ServiceUnavailable
from baxt.domain.errors import DomainError
from baxt.graphql.core.errors import BadRequest, camel
from baxt.graphql.schema import schema

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NAMED = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*)`")
ERROR_LAYERS = ("baxt",)
API_LAYERS = ("baxt/graphql", "baxt/http", "baxt/hsds")
_CODE_IN_SOURCE = (
    re.compile(r"""\bcode\s*=\s*"([A-Z][A-Z0-9_]+)\""""),
    re.compile(r'''"code":\s*"([A-Z][A-Z0-9_]+)"'''),
    re.compile(r"""^([A-Z][A-Z0-9_]+) = "\1"$""", re.MULTILINE),
)


def _table(header: str) -> list[list[str]]:
    """The rows of the README table whose header row starts with `header`, cell by cell."""
    lines = README.splitlines()
    start = next((n for n, line in enumerate(lines) if line.startswith(header)), None)
    assert start is not None, f"README.md has no table headed {header!r}"
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def _named(text: str) -> set[str]:
    return set(NAMED.findall(text))


def _mutations() -> dict[str, frozenset[Operation]]:
    """Every mutation of the schema, by its GraphQL name, with the operations it needs."""
    definition = schema.get_type_by_name("Mutation")
    assert definition is not None
    return {
        field.graphql_name or camel(field.python_name): frozenset(
            operation
            for permission in field.permission_classes
            for operation in getattr(permission, "operations", ())
        )
        for field in definition.fields  # type: ignore[union-attr]
    }


def _case_commands() -> set[str]:
    """The mutations that answer a case: the commands on one case."""
    mutation = schema._schema.mutation_type
    assert mutation is not None
    commands = set()
    for name, field in mutation.fields.items():
        payload = get_named_type(field.type)
        case = getattr(payload, "fields", {}).get("case")
        if case is not None and get_named_type(case.type).name == "Case":
            commands.add(name)
    return commands


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def _codes_in(folder: str, *patterns: re.Pattern[str]) -> set[str]:
    codes: set[str] = set()
    for source in sorted((ROOT / folder).rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        for pattern in patterns:
            codes |= set(pattern.findall(text))
    return codes


def _api_codes() -> set[str]:
    """The codes of every error class of the project (its `code`: the domain's, the
    application's, the projections' rebuilds'), and those the GraphQL and HTTP layers write
    out and name as constants, read from the source so that no import order hides one."""
    codes = set().union(*(_codes_in(folder, *_CODE_IN_SOURCE[:2]) for folder in ERROR_LAYERS))
    codes |= set().union(*(_codes_in(folder, *_CODE_IN_SOURCE) for folder in API_LAYERS))
    return codes - {DomainError.code}


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_each_role_row_names_every_mutation_the_role_may_issue_and_no_other(role: Role) -> None:
    rows = {row[0].strip("`"): row for row in _table("| role | reads | writes |")}
    assert role.value in rows, f"README's role table has no row for {role.value}"
    mutations = _mutations()
    may = {name for name, needs in mutations.items() if needs <= RULES[role].operations}
    named = _named(rows[role.value][2]) & set(mutations)

    missing, wrong = sorted(may - named), sorted(named - may)
    assert not missing, f"README's role table: {role.value}'s writes do not name {missing}"
    assert not wrong, f"README's role table: {role.value}'s writes name {wrong}, not theirs"


def test_every_mutation_is_in_the_role_table() -> None:
    writes = set().union(*(_named(row[2]) for row in _table("| role | reads | writes |")))

    missing = sorted(set(_mutations()) - writes)
    assert not missing, f"README's role table names no role that may issue {missing}"


def test_every_command_on_a_case_has_its_row_in_the_status_table() -> None:
    listed = set().union(*(_named(row[0]) for row in _table("| command | allowed in |")))

    missing = sorted(_case_commands() - listed)
    assert not missing, f"README's table of statuses has no row for {missing}"


def test_every_error_code_the_api_answers_is_in_the_error_code_table() -> None:
    table = set().union(*(_named(" ".join(row)) for row in _table("| code | when |")))

    missing = sorted(_api_codes() - table)
    assert not missing, f"README's error-code table misses {missing}"


def test_the_tables_are_found_and_the_source_yields_every_code() -> None:
    coded = _subclasses(DomainError) | {Unauthenticated, Forbidden, BadRequest, ServiceUnavailable}

    assert {"closeCase", "recordReview", "requestTransfer"} <= _case_commands()
    own = {str(vars(cls).get("code", DomainError.code)) for cls in coded}  # an heir's is its base's
    assert own - {DomainError.code} <= _api_codes()
    assert {"INVALID_TRANSITION", "QUERY_TOO_DEEP", "TIMEOUT", "RATE_LIMITED"} <= _api_codes()
    assert len(_table("| code | when |")) >= 10
