"""Who may see what: each role's operations, the cases it reaches, and the fields it sees masked.

The rules are data (`RULES`, `UNMASKED`); everything else here derives from them. The read
model, the case service and the workload take a `CaseView` made by `case_view`, so every path
to a case's content filters and masks in one place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from psycopg import sql

from baxt.domain.personal_data import ERASED
from baxt.identity import Forbidden, Principal, Role

_log = logging.getLogger("baxt.access")


class Operation(Enum):
    READ_CASES = "cases.read"
    CHANGE_CASES = "cases.change"
    FLAG_CHILDREN = "cases.flag"
    ASSIGN_CASES = "cases.assign"
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


class Reach(Enum):
    """Which cases a role reaches, read and write alike."""

    NONE = "NONE"
    MAHALLAS_OR_ASSIGNED = "MAHALLAS_OR_ASSIGNED"
    DISTRICTS_OR_REGIONS = "DISTRICTS_OR_REGIONS"
    EVERYTHING = "EVERYTHING"


class MaskedField(Enum):
    PINFL = "child.personalId"
    GUARDIAN_PHONE = "household.guardianPhone"
    OBSERVATIONS = "visits.observations"


@dataclass(frozen=True)
class RoleRules:
    cases: Reach
    operations: frozenset[Operation]
    aggregates: Reach = Reach.NONE


_O = Operation
_CASE_WORK = {_O.READ_CASES, _O.CHANGE_CASES, _O.FLAG_CHILDREN, _O.CATALOGUE, _O.NOTIFICATIONS}
_FIGURES = {_O.AGGREGATES, _O.SCREENING_RUNS, _O.CATALOGUE, _O.PARTNER_FIGURES}

RULES: Mapping[Role, RoleRules] = {
    Role.CASEWORKER: RoleRules(Reach.MAHALLAS_OR_ASSIGNED, frozenset(_CASE_WORK)),
    Role.SUPERVISOR: RoleRules(
        Reach.DISTRICTS_OR_REGIONS,
        frozenset(
            _CASE_WORK
            | _FIGURES
            | {_O.ASSIGN_CASES, _O.VERIFY_LEDGER, _O.SCREENING_REJECTS, _O.ROSTER_READ}
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
            }
        ),
        aggregates=Reach.EVERYTHING,
    ),
    Role.ANALYST: RoleRules(Reach.NONE, frozenset(_FIGURES), aggregates=Reach.EVERYTHING),
    Role.PARTNER: RoleRules(
        Reach.NONE,
        frozenset(
            {_O.PARTNER_REFERRALS, _O.REPORT_CONCERN, _O.WEBHOOKS, _O.PARTNER_FIGURES, _O.CATALOGUE}
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
            }
        ),
    ),
}
"""What each role may do, and which cases (and counts of cases) it reaches."""

UNMASKED: Mapping[MaskedField, frozenset[Role]] = {
    MaskedField.PINFL: frozenset({Role.CASEWORKER, Role.AUDITOR}),
    MaskedField.GUARDIAN_PHONE: frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR}),
    MaskedField.OBSERVATIONS: frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR}),
}
"""The roles that see each sensitive field as it is; everyone else sees it masked."""


def allows(principal: Principal, operation: Operation) -> bool:
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


@dataclass(frozen=True)
class CaseFacts:
    """What decides whether a case is in reach: its household's place and its caseworker."""

    region: str
    district: str
    mahalla: str
    caseworker: str | None = None


@dataclass(frozen=True)
class CaseScope:
    """The cases one principal reaches, as a check on one case and as a SQL condition."""

    reach: Reach
    user: str = ""
    regions: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    mahallas: tuple[str, ...] = ()

    def covers(self, case: CaseFacts) -> bool:
        """Whether the case is in reach."""
        if self.reach is Reach.EVERYTHING:
            return True
        if self.reach is Reach.DISTRICTS_OR_REGIONS:
            return case.district in self.districts or case.region in self.regions
        if self.reach is Reach.MAHALLAS_OR_ASSIGNED:
            assigned = bool(self.user) and case.caseworker == self.user
            return assigned or self.covers_place(case)
        return False

    def covers_place(self, place: CaseFacts) -> bool:
        """Whether a household there is in reach, whoever works the case (flagging a child)."""
        if self.reach is Reach.MAHALLAS_OR_ASSIGNED:
            in_district = not self.districts or place.district in self.districts
            return place.mahalla in self.mahallas and in_district
        return self.covers(CaseFacts(place.region, place.district, place.mahalla))

    def condition(self, table: str | None = None) -> tuple[sql.Composable, list[Any]]:
        """The same check as `covers`, as a SQL condition on `table`'s columns (`%s` params)."""
        values = self._values()
        return self._condition(table, [sql.Placeholder() for _ in values]), values

    def named_condition(self, table: str | None = None) -> tuple[sql.Composable, dict[str, Any]]:
        """`condition` with named params `reach_0`, `reach_1`, … for `%(name)s` queries."""
        names = [f"reach_{n}" for n in range(len(self._values()))]
        condition = self._condition(table, [sql.Placeholder(name) for name in names])
        return condition, dict(zip(names, self._values(), strict=True))

    def _values(self) -> list[Any]:
        if self.reach is Reach.DISTRICTS_OR_REGIONS:
            return [list(self.districts), list(self.regions)]
        if self.reach is Reach.MAHALLAS_OR_ASSIGNED:
            return [self.user, list(self.mahallas), not self.districts, list(self.districts)]
        return []

    def _condition(self, table: str | None, params: list[sql.Placeholder]) -> sql.Composable:
        def column(name: str) -> sql.Composable:
            return sql.Identifier(table, name) if table else sql.Identifier(name)

        if self.reach is Reach.EVERYTHING:
            return sql.SQL("TRUE")
        if self.reach is Reach.DISTRICTS_OR_REGIONS:
            districts, regions = params
            return sql.SQL("({} = ANY({}) OR {} = ANY({}))").format(
                column("district"), districts, column("region"), regions
            )
        if self.reach is Reach.MAHALLAS_OR_ASSIGNED:
            user, mahallas, any_district, districts = params
            text = "({} = {} OR ({} = ANY({}) AND ({} OR {} = ANY({}))))"
            return sql.SQL(text).format(
                column("caseworker"),
                user,
                column("mahalla"),
                mahallas,
                any_district,
                column("district"),
                districts,
            )
        return sql.SQL("FALSE")


def case_scope(principal: Principal) -> CaseScope:
    """The cases the principal may read and change."""
    return _scope(principal, RULES[principal.role].cases)


def aggregate_scope(principal: Principal) -> CaseScope:
    """The cases the principal's counts are taken over; FORBIDDEN for roles given no counts."""
    require(principal, Operation.AGGREGATES)
    return _scope(principal, RULES[principal.role].aggregates)


def _scope(principal: Principal, reach: Reach) -> CaseScope:
    return CaseScope(
        reach=reach,
        user=principal.user,
        regions=principal.regions,
        districts=principal.districts,
        mahallas=principal.mahallas,
    )


PINFL_MASK = "*" * 14
RESTRICTED = "[restricted]"
_COUNTRY_CODE_LENGTH = 4  # "+998"


def mask_pinfl(pinfl: str) -> str:
    """Fourteen `*`: no digit of the PINFL is shown.

    Its first seven digits spell the sex, century and birth date, which a reader of the
    case sees anyway; the rest are the district code (known from the household), a serial
    and a check digit over all the others. With the birth date and district known, every
    digit shown of the rest cuts the guesses tenfold, so none is.
    """
    return PINFL_MASK


def mask_phone(phone: str) -> str:
    """The country code (`+998`), a `*` for each digit between, and the last two digits."""
    head = phone[:_COUNTRY_CODE_LENGTH] if phone.startswith("+") else ""
    hidden = len(phone) - len(head) - 2
    return head + "*" * max(hidden, 0) + phone[-2:]


@dataclass(frozen=True)
class FieldMasks:
    """Which sensitive fields one principal sees masked; applied to plain case data by key."""

    masked: frozenset[MaskedField] = frozenset()

    def pinfl(self, value: str) -> str:
        return self._masked(MaskedField.PINFL, value, mask_pinfl)

    def phone(self, value: str) -> str:
        return self._masked(MaskedField.GUARDIAN_PHONE, value, mask_phone)

    def observations(self, value: str) -> str:
        return self._masked(MaskedField.OBSERVATIONS, value, lambda _: RESTRICTED)

    def _masked(self, field: MaskedField, value: str, mask: Callable[[str], str]) -> str:
        """The masked value; an erased one reads as erased for everyone."""
        return mask(value) if field in self.masked and value != ERASED else value

    def plain(self, data: Any) -> Any:
        """Plain JSON data (event data, field changes) with the masked fields masked."""
        if isinstance(data, list):
            return [self.plain(item) for item in data]
        if not isinstance(data, dict):
            return data
        masked = {key: self.plain(value) for key, value in data.items()}
        for key, mask in self._by_key().items():
            if isinstance(masked.get(key), str):
                masked[key] = mask(masked[key])
        return masked

    def _by_key(self) -> dict[str, Any]:
        return {
            "personal_id": self.pinfl,
            "guardian_phone": self.phone,
            "observations": self.observations,
        }


def field_masks(principal: Principal) -> FieldMasks:
    return FieldMasks(frozenset(f for f, roles in UNMASKED.items() if principal.role not in roles))


@dataclass(frozen=True)
class CaseView:
    """How one principal sees cases: which they reach, and which fields come masked."""

    principal: Principal
    scope: CaseScope
    masks: FieldMasks

    def refuse(self, operation: Operation, reason: str) -> None:
        log_denial(self.principal, operation.value, reason)


def case_view(principal: Principal) -> CaseView:
    return CaseView(principal, case_scope(principal), field_masks(principal))
