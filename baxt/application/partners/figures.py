"""A partner organisation's results over a period, counted from its referrals: numbers only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Forbidden, Principal, Role
from baxt.application.access.rules import Operation, require
from baxt.domain.errors import InvalidInput

# A family is the case's household record, or the child's own case when it is linked to none
# (the guardians' phones are sealed under each child's own key, so they cannot be compared);
# a period runs from its first day to its last, both whole days in Asia/Tashkent.
_FIGURES = """
WITH period AS (
    SELECT (%(first)s::date)::timestamp AT TIME ZONE 'Asia/Tashkent' AS starts,
           (%(last)s::date + 1)::timestamp AT TIME ZONE 'Asia/Tashkent' AS ends),
mine AS (
    SELECT r.*, coalesce(c.household_id, r.case_id) AS family
    FROM partner_referral r LEFT JOIN case_summary c ON c.case_id = r.case_id
    WHERE r.organisation_id = %(organisation_id)s),
supported AS (
    SELECT mine.* FROM mine, period
    WHERE accepted_at < period.ends AND (ended_at IS NULL OR ended_at >= period.starts)),
steps AS (
    SELECT mine.case_id, mine.family, s->>'kind' AS kind,
           s->>'certificate_number' AS certificate
    FROM mine, period, jsonb_array_elements(mine.progress) AS s
    WHERE (s->>'recorded_at')::timestamptz >= period.starts
      AND (s->>'recorded_at')::timestamptz < period.ends)
SELECT
    (SELECT count(*) FROM mine, period
     WHERE created_at >= period.starts AND created_at < period.ends) AS referrals_received,
    (SELECT count(DISTINCT family) FROM supported) AS families_supported,
    (SELECT count(DISTINCT case_id) FROM supported) AS children_supported,
    (SELECT count(DISTINCT case_id) FROM steps
     WHERE kind = 'CHILD_REINTEGRATED') AS children_reintegrated,
    (SELECT count(DISTINCT family) FROM steps
     WHERE kind = 'FAMILY_EXITED_PROGRAMME') AS families_exited,
    (SELECT count(*) FROM steps WHERE kind = 'TRAINING_COMPLETED') AS trainings_completed,
    (SELECT count(DISTINCT certificate) FROM steps
     WHERE kind = 'TRAINING_COMPLETED') AS certificates_issued,
    (SELECT count(*) FROM steps WHERE kind = 'PARENT_EMPLOYED') AS parents_employed
"""


@dataclass(frozen=True)
class PartnerFigures:
    """What an organisation did for the families referred to it, from `first` to `last`."""

    organisation_id: str
    first: date
    last: date
    referrals_received: int
    families_supported: int
    children_supported: int
    children_reintegrated: int
    families_exited: int
    trainings_completed: int
    certificates_issued: int
    parents_employed: int


def figures_organisation(principal: Principal, organisation_id: str | None) -> str:
    """Whose figures the caller may read: a partner only its own, the others any they name."""
    require(principal, Operation.PARTNER_FIGURES)
    if principal.role is Role.PARTNER:
        own = principal.organisation
        if not own or organisation_id not in (None, own):
            raise Forbidden("a partner reads only its own organisation's figures")
        return own
    if not organisation_id:
        raise InvalidInput("name the organisation", ("organisation_id",))
    return organisation_id


class PartnerFigureQueries:
    """Counts an organisation's results from the `partner_referral` read model."""

    def __init__(self, pool: AsyncConnectionPool[Any]) -> None:
        self._pool = pool

    async def figures(self, organisation_id: str, first: date, last: date) -> PartnerFigures:
        if last < first:
            raise InvalidInput("the period ends before it starts", ("to",))
        params = {"organisation_id": organisation_id, "first": first, "last": last}
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(_FIGURES, params)
            row = await cur.fetchone()
        assert row is not None
        return PartnerFigures(organisation_id, first, last, **row)
