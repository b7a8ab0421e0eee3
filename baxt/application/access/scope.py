"""The cases one principal reaches: a check on one case, and the same check in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import sql

from baxt.application.access.principal import Principal
from baxt.application.access.rules import RULES, Operation, Reach, require


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

    def place_condition(self, prefix: str) -> tuple[sql.Composable, list[Any]]:
        """`covers_place` as a SQL condition on the place in the columns `{prefix}region`,
        `{prefix}district` and `{prefix}mahalla` (a transfer's target): nobody is assigned
        there yet (`%s` params)."""
        values = self._values()
        params = [sql.Placeholder() for _ in values]
        return self._condition(None, params, prefix), values

    def _values(self) -> list[Any]:
        if self.reach is Reach.DISTRICTS_OR_REGIONS:
            return [list(self.districts), list(self.regions)]
        if self.reach is Reach.MAHALLAS_OR_ASSIGNED:
            return [self.user, list(self.mahallas), not self.districts, list(self.districts)]
        return []

    def _condition(
        self, table: str | None, params: list[sql.Placeholder], prefix: str | None = None
    ) -> sql.Composable:
        def column(name: str) -> sql.Composable:
            if prefix is not None:
                return (
                    sql.SQL("NULL::text") if name == "caseworker" else sql.Identifier(prefix + name)
                )
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
