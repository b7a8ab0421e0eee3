"""What each event of a time range changed in a case, field by field."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from baxt.application.audit.as_of import applied, stored_events
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.rows import CaseSummary, case_summary_of
from baxt.application.plain import plain
from baxt.domain import validation as check
from baxt.domain.case import Case
from baxt.domain.errors import CaseNotFound, InvalidInput

MAX_CHANGES = 2000
# Every event moves these, and each Change carries its version and time already.
_BOOKKEEPING = frozenset({"case_id", "version", "updated_at"})
_COMPARED = tuple(f.name for f in dataclasses.fields(CaseSummary) if f.name not in _BOOKKEEPING)


@dataclass(frozen=True)
class FieldChange:
    """One read-model field an event changed; values are plain JSON data, None when unset."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    """One event of a case and the fields it changed."""

    version: int
    type: str
    occurred_at: datetime
    actor: str
    fields: tuple[FieldChange, ...]


def case_changes(
    app: CaseApplication,
    case_id: UUID,
    from_: datetime,
    to: datetime,
    *,
    after: int = 0,
    limit: int = 100,
) -> list[Change]:
    """The case's events recorded in (`from_`, `to`], oldest first, each with its field diffs.

    Starts past version `after` and returns at most `limit` (1 to MAX_CHANGES) changes;
    ask again with the last version as `after` for the next ones. CaseNotFound when there
    is no such case.
    """
    _check_range(from_, to, limit)
    changes: list[Change] = []
    case: Case | None = None
    row: CaseSummary | None = None
    found = False
    for event in stored_events(app, case_id):
        found = True
        if event.timestamp > to or len(changes) == limit:
            break
        counted = _counts(event, from_, after)
        before = _row_now(case, row) if counted else None
        case = applied(case, event)
        if counted:
            row = case_summary_of(case)
            changes.append(_change(event, before, row))
    if not found:
        raise CaseNotFound(f"no case {case_id}", ("case_id",))
    return changes


def _row_now(case: Case | None, last_row: CaseSummary | None) -> CaseSummary | None:
    if case is None:
        return None
    if last_row is not None and last_row.version == case.version:
        return last_row
    return case_summary_of(case)


def _check_range(from_: datetime, to: datetime, limit: int) -> None:
    check.aware(from_, ("from",))
    check.aware(to, ("to",))
    if from_ >= to:
        raise InvalidInput("the range must end after it starts", ("to",))
    if not 1 <= limit <= MAX_CHANGES:
        raise InvalidInput(f"limit must be between 1 and {MAX_CHANGES}", ("limit",))


def change_count(app: CaseApplication, case_id: UUID, from_: datetime, to: datetime) -> int:
    """How many events `case_changes` lists over every page of (`from_`, `to`]."""
    return sum(1 for event in stored_events(app, case_id) if from_ < event.timestamp <= to)


def _counts(event: Case.Event, from_: datetime, after: int) -> bool:
    return event.timestamp > from_ and event.originator_version > after


def _change(event: Case.Event, before: CaseSummary | None, after: CaseSummary) -> Change:
    return Change(
        version=event.originator_version,
        type=type(event).__name__,
        occurred_at=event.timestamp,
        actor=str(getattr(event, "actor", "")),
        fields=field_changes(before, after),
    )


def field_changes(before: CaseSummary | None, after: CaseSummary) -> tuple[FieldChange, ...]:
    """The compared fields whose values differ; everything set when there was no case."""
    diffs = []
    for name in _COMPARED:
        old = getattr(before, name) if before is not None else None
        new = getattr(after, name)
        if old != new:
            diffs.append(FieldChange(name, plain(old), plain(new)))
    return tuple(diffs)
