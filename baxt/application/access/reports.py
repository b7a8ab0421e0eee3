"""Which reports of concern one principal reaches: those of the places their reach covers,
and for a caseworker also every report of the districts their token names (the triage
queue is the district's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import sql

from baxt.application.access.rules import Reach
from baxt.application.access.scope import CaseFacts, CaseScope
from baxt.application.access.view import CaseView


@dataclass(frozen=True)
class ReportReach:
    """The reports one principal reaches, as a check on one place and as a SQL condition on
    the `region`, `district` and `mahalla` columns of `concern_report`."""

    scope: CaseScope

    def covers(self, region: str, district: str, mahalla: str) -> bool:
        """Whether a report of that place is in reach."""
        if self.scope.covers_place(CaseFacts(region, district, mahalla)):
            return True
        return self._district_wide and district in self.scope.districts

    def condition(self) -> tuple[sql.Composable, list[Any]]:
        """The same check as `covers`, as a SQL condition (`%s` params)."""
        place, params = self.scope.place_condition("")
        if not self._district_wide:
            return place, params
        either = sql.SQL("({} OR district = ANY({}))").format(place, sql.Placeholder())
        return either, [*params, list(self.scope.districts)]

    @property
    def _district_wide(self) -> bool:
        return self.scope.reach is Reach.MAHALLAS_OR_ASSIGNED and bool(self.scope.districts)


def report_reach(view: CaseView) -> ReportReach:
    """The reports the caller of `view` reaches."""
    return ReportReach(view.scope)
