"""Teams and gatherings kept in the case event store, saved and loaded by the case
application (they hold no personal data, so they need no key of their own)."""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from baxt.application.cases.application import CaseApplication
from baxt.domain.errors import Conflict, DomainError

A = TypeVar("A", bound=Aggregate)


class TeamRecordNotFound(DomainError):
    """Raised when there is no such team or gathering, or it is out of the caller's reach."""

    code = "NOT_FOUND"


def save_record(app: CaseApplication, record: Aggregate) -> None:
    """Saves what the team or gathering recorded; CONFLICT when it changed meanwhile."""
    try:
        app.save(record)
    except IntegrityError:
        raise Conflict("the team changed meanwhile; read it and retry") from None


def load_record(app: CaseApplication, record_id: UUID, kind: type[A], field: str) -> A:
    """The team or gathering from the event store; TeamRecordNotFound (on `field`) when
    there is none of that kind."""
    try:
        found: object = app.repository.get(record_id)
    except AggregateNotFoundError:
        raise TeamRecordNotFound("no such record", (field,)) from None
    if not isinstance(found, kind):
        raise TeamRecordNotFound("no such record", (field,))
    return found
