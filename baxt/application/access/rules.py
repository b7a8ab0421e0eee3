"""What each role may do, and which cases (and counts of cases) it reaches."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from baxt.application.access.principal import Forbidden, Principal, Role

_log = logging.getLogger("baxt.access")


class Operation(Enum):
    """Something a caller may ask to do; `RULES` says which roles may."""

    READ_CASES = "cases.read"
    CHANGE_CASES = "cases.change"
    FLAG_CHILDREN = "cases.flag"
    ASSIGN_CASES = "cases.assign"
    APPROVE_CASES = "cases.approve"
    VERIFY_LEDGER = "ledger.verify"
    INCLUSION_PROOFS = "ledger.inclusion"
    ACCESS_LOG = "cases.access_log"
    AGGREGATES = "aggregates.read"
    SCREENING_RUNS = "screening.runs"
    SCREENING_REJECTS = "screening.rejects"
    CATALOGUE = "catalogue.read"
    NOTIFICATIONS = "notifications.read"
    ROSTER_READ = "roster.read"
    ROSTER_WRITE = "roster.write"
    DIRECTORY_WRITE = "directory.write"
    ERASE_CHILD_DATA = "children.erase"
    PARTNER_REFERRALS = "referrals.partner"
    REPORT_CONCERN = "children.report_concern"
    WEBHOOKS = "webhooks.manage"
    PARTNER_FIGURES = "partners.figures"
    LABELS = "labels.read"
    FIGURE_SOURCES = "figures.sources"


class Reach(Enum):
    """Which cases a role reaches, read and write alike."""

    NONE = "NONE"
    MAHALLAS_OR_ASSIGNED = "MAHALLAS_OR_ASSIGNED"
    DISTRICTS_OR_REGIONS = "DISTRICTS_OR_REGIONS"
    EVERYTHING = "EVERYTHING"


@dataclass(frozen=True)
class RoleRules:
    """One role's rules: the cases it reaches, what it may do, the cases its counts cover."""

    cases: Reach
    operations: frozenset[Operation]
    aggregates: Reach = Reach.NONE


_O = Operation
_CASE_WORK = {
    _O.READ_CASES,
    _O.CHANGE_CASES,
    _O.FLAG_CHILDREN,
    _O.CATALOGUE,
    _O.NOTIFICATIONS,
    _O.LABELS,
}
_FIGURES = {_O.AGGREGATES, _O.SCREENING_RUNS, _O.CATALOGUE, _O.PARTNER_FIGURES, _O.LABELS}

RULES: Mapping[Role, RoleRules] = {
    Role.CASEWORKER: RoleRules(Reach.MAHALLAS_OR_ASSIGNED, frozenset(_CASE_WORK)),
    Role.SUPERVISOR: RoleRules(
        Reach.DISTRICTS_OR_REGIONS,
        frozenset(
            _CASE_WORK
            | _FIGURES
            | {
                _O.ASSIGN_CASES,
                _O.APPROVE_CASES,
                _O.VERIFY_LEDGER,
                _O.SCREENING_REJECTS,
                _O.ROSTER_READ,
            }
        ),
        aggregates=Reach.DISTRICTS_OR_REGIONS,
    ),
    Role.AUDITOR: RoleRules(
        Reach.EVERYTHING,
        frozenset(
            _FIGURES
            | {
                _O.READ_CASES,
                _O.VERIFY_LEDGER,
                _O.INCLUSION_PROOFS,
                _O.ACCESS_LOG,
                _O.SCREENING_REJECTS,
                _O.FIGURE_SOURCES,
            }
        ),
        aggregates=Reach.EVERYTHING,
    ),
    Role.ANALYST: RoleRules(Reach.NONE, frozenset(_FIGURES), aggregates=Reach.EVERYTHING),
    Role.PARTNER: RoleRules(
        Reach.NONE,
        frozenset(
            {
                _O.PARTNER_REFERRALS,
                _O.REPORT_CONCERN,
                _O.WEBHOOKS,
                _O.PARTNER_FIGURES,
                _O.CATALOGUE,
                _O.LABELS,
            }
        ),
    ),
    Role.ADMIN: RoleRules(
        Reach.NONE,
        frozenset(
            {
                _O.ROSTER_READ,
                _O.ROSTER_WRITE,
                _O.NOTIFICATIONS,
                _O.DIRECTORY_WRITE,
                _O.ERASE_CHILD_DATA,
                _O.WEBHOOKS,
                _O.LABELS,
            }
        ),
    ),
}
"""What each role may do, and which cases (and counts of cases) it reaches."""


def allows(principal: Principal, operation: Operation) -> bool:
    """Whether the principal's role may do `operation` (no log line; see `require`)."""
    return operation in RULES[principal.role].operations


def require(principal: Principal, operation: Operation) -> Principal:
    """The principal, if their role may do `operation`; FORBIDDEN (and a log line) otherwise."""
    if not allows(principal, operation):
        log_denial(principal, operation.value, "role")
        raise Forbidden(f"the role {principal.role.value} may not do this")
    return principal


def log_denial(principal: Principal, operation: str, reason: str) -> None:
    """One `baxt.access` line per refusal: who, in which role, what, why; never case content."""
    _log.warning(
        "denied actor=%s role=%s operation=%s reason=%s",
        principal.actor,
        principal.role.value,
        operation,
        reason,
    )
