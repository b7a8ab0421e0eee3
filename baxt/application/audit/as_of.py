"""A case as it stood at any moment or version, replayed from the event store alone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.replaying import applied as applied
from baxt.application.cases.replaying import folded
from baxt.application.cases.rows import CaseRow, CaseSummary, case_summary_of
from baxt.application.cases.rows import case_row_of as case_row_of
from baxt.domain import validation as check
from baxt.domain.case import Case
from baxt.domain.errors import CaseNotFound, InvalidInput

EVENTS_PER_READ = 500


def case_as_of(
    app: CaseApplication,
    case_id: UUID,
    *,
    at: datetime | None = None,
    version: int | None = None,
) -> CaseRow | None:
    """The case after its last event at or before `at`, or at exactly `version`.

    Give exactly one of the two. None when the case did not exist yet at `at`, or has not
    reached `version`; CaseNotFound when there is no such case at all.
    """
    case = case_at(app, case_id, at=at, version=version)
    return case_row_of(case) if case is not None else None


def case_summary_as_of(
    app: CaseApplication,
    case_id: UUID,
    *,
    at: datetime | None = None,
    version: int | None = None,
) -> CaseSummary | None:
    """The case's whole `case_summary` row as of `at` or `version`, as `case_as_of` finds it."""
    case = case_at(app, case_id, at=at, version=version)
    return case_summary_of(case) if case is not None else None


def case_at(
    app: CaseApplication,
    case_id: UUID,
    *,
    at: datetime | None = None,
    version: int | None = None,
) -> Case | None:
    """The case replayed as of `at` or `version` (exactly one of the two), as `case_as_of`
    finds it."""
    if (at is None) == (version is None):
        raise InvalidInput("give either a moment or a version, not both or neither", ("at",))
    if version is not None:
        return case_at_version(app, case_id, version)
    assert at is not None
    return case_at_moment(app, case_id, at)


def case_at_version(app: CaseApplication, case_id: UUID, version: int) -> Case | None:
    """The case at `version`; None when it has not reached that version yet."""
    if version < 1:
        raise InvalidInput("a case's versions start at 1", ("version",))
    try:
        case: Case = app.repository.get(case_id, version=version, projector_func=folded)
    except AggregateNotFoundError:
        raise CaseNotFound(f"no case {case_id}", ("case_id",)) from None
    return case if case.version == version else None


def case_at_moment(app: CaseApplication, case_id: UUID, at: datetime) -> Case | None:
    """The case after the events recorded at or before `at`; None when it was not flagged yet."""
    check.aware(at, ("at",))
    case: Case | None = None
    found = False
    for event in stored_events(app, case_id):
        found = True
        if event.timestamp > at:
            break
        case = applied(case, event)
    if not found:
        raise CaseNotFound(f"no case {case_id}", ("case_id",))
    return case


def stored_events(app: CaseApplication, case_id: UUID) -> Iterator[Case.Event]:
    """The case's events in version order, read a bounded page at a time, decoded as used."""
    after = 0
    while True:
        read = 0
        for event in app.events.get(case_id, gt=after or None, limit=EVENTS_PER_READ):
            read += 1
            after = event.originator_version
            yield cast(Case.Event, event)
        if read < EVENTS_PER_READ:
            return
