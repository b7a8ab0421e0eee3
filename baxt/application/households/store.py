"""Household records kept in the case event store: saved and loaded by the case application,
sealed with the household's own key."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from baxt.application.cases.application import CaseApplication
from baxt.domain.errors import Conflict, DomainError
from baxt.domain.household import Household


class HouseholdNotFound(DomainError):
    """Raised when there is no such household record, or it is out of the caller's reach."""

    code = "NOT_FOUND"


def save_household(app: CaseApplication, household: Household) -> None:
    """Saves what the household recorded, its key made first; CONFLICT when it changed
    meanwhile."""
    app.child_keys.prepare([household.id])
    try:
        app.save(household)
    except IntegrityError:
        raise Conflict("the household changed meanwhile; read it and retry") from None


def load_household(app: CaseApplication, household_id: UUID) -> Household:
    """The household from the event store; HouseholdNotFound when there is none."""
    try:
        found: object = app.repository.get(household_id)
    except AggregateNotFoundError:
        raise HouseholdNotFound("no such household", ("household_id",)) from None
    if not isinstance(found, Household):
        raise HouseholdNotFound("no such household", ("household_id",))
    return found
