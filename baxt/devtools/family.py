"""The mother of four as one household: its record, her four children's cases linked to it,
and the first quarter's home visit recorded for the three siblings as for their brother."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from baxt.application.cases.application import CaseApplication
from baxt.application.households.store import save_household
from baxt.domain.case import Case
from baxt.domain.household import Address, Guardian, Household
from baxt.domain.values import Child, ContactOutcome, FlagSource, Visit
from baxt.domain.values import Household as Family

SIBLINGS_SEEN = "Seen on the family's home visit with her brother; school and meals are fine."


def register_family(
    app: CaseApplication,
    family: Family,
    case_ids: Sequence[UUID],
    *,
    actor: str,
    address_line: str = "",
) -> UUID:
    """Registers the family's household record and links each child's case to it."""
    household = Household.register(
        household_id=uuid4(),
        guardians=[Guardian(family.guardian_name, family.guardian_phone, "mother")],
        address=Address(family.region, family.district, family.mahalla, address_line),
        members=[],
        actor=actor,
    )
    save_household(app, household)
    for case_id in case_ids:
        app.change_case(
            case_id, lambda case: case.link_to_household(household_id=household.id, actor=actor)
        )
    return household.id


def flag_siblings(
    app: CaseApplication,
    siblings: Sequence[Child],
    family: Family,
    *,
    indicators: Sequence[str],
    note: str,
    actor: str,
) -> list[UUID]:
    """Flags each sibling at the same household; their cases' IDs."""
    return [
        app.flag_child(
            child=sibling,
            household=family,
            source=FlagSource.RISK_SCREENING,
            indicators=indicators,
            note=note,
            actor=actor,
        ).case_id
        for sibling in siblings
    ]


def visit_siblings(
    app: CaseApplication, case_ids: Sequence[UUID], *, visited_at: datetime, actor: str
) -> None:
    """The family's one home visit, on each sibling's own case: the call that agreed it, then
    the visit that saw them."""
    for case_id in case_ids:
        app.change_case(case_id, lambda case: _agree_visit(case, visited_at, actor, app.now()))
        app.change_case(
            case_id,
            lambda case: case.record_visit(
                visit=Visit(visited_at, True, True, SIBLINGS_SEEN, False),
                actor=actor,
                now=app.now(),
            ),
        )


def _agree_visit(case: Case, visited_at: datetime, actor: str, now: datetime) -> None:
    case.record_contact_attempt(
        outcome=ContactOutcome.REACHED,
        visit_scheduled_at=visited_at - timedelta(hours=2),
        note="",
        actor=actor,
        now=now,
    )
