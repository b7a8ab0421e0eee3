"""The `concern_report` read model: the triage queue of reports of concern.

Its statements run in the case_summary projection, in the same transaction and under the
same tracking position, so one catch-up and one rebuild cover it. A report's own events
write its row; of the case events only the erasure of a linked child touches it, and it
overwrites exactly the fields a rebuild would then read as erased.
"""

from __future__ import annotations

from typing import Any

from baxt.domain.case import Case
from baxt.domain.case.events import CASE_EVENTS
from baxt.domain.concern import ConcernReport
from baxt.domain.personal_data import ERASED
from baxt.projections.dispatch import Dispatch
from baxt.projections.statements import Params, Statement, StatementsOf

_RECEIVED = """
INSERT INTO concern_report (
    report_id, reference, status, version, region, district, mahalla, address, reporter_kind,
    reporter_name, reporter_contact, may_contact, language, child_name, personal_id,
    approximate_age, seen, received_at, received_by, updated_at)
VALUES (
    %(report_id)s, %(reference)s, 'OPEN', %(version)s, %(region)s, %(district)s, %(mahalla)s,
    %(address)s, %(reporter_kind)s, %(reporter_name)s, %(reporter_contact)s, %(may_contact)s,
    %(language)s, %(child_name)s, %(personal_id)s, %(approximate_age)s, %(seen)s, %(at)s,
    %(actor)s, %(at)s)
ON CONFLICT (report_id) DO NOTHING"""
_HANDLED = """UPDATE concern_report SET {}, handled_by = %(actor)s, version = %(version)s,
    updated_at = %(at)s WHERE report_id = %(report_id)s"""
_LINKED = _HANDLED.format("status = 'LINKED', case_id = %(case_id)s, opened_case = %(opened_case)s")
_CLOSED = _HANDLED.format(
    "status = 'CLOSED', close_reason = %(close_reason)s, close_note = %(note)s"
)
_ERASABLE = (
    "reporter_name",
    "reporter_contact",
    "child_name",
    "personal_id",
    "seen",
    "address",
    "close_note",
)
# Built from the fixed column names above only, never from a value.
_ERASED = "UPDATE concern_report SET {} WHERE case_id = %(case_id)s".format(  # noqa: S608
    ", ".join(
        f"{column} = CASE WHEN {column} = '' THEN '' ELSE %(erased)s END" for column in _ERASABLE
    )
)


def _params(event: ConcernReport.Event) -> Params:
    return {
        "report_id": event.originator_id,
        "version": event.originator_version,
        "at": event.timestamp,
        "actor": event.actor,
    }


def _received(event: ConcernReport.ReportReceived) -> list[Statement]:
    reporter, child, place = event.reporter, event.child, event.place
    params = _params(event) | {
        "reference": event.reference,
        "region": place.region,
        "district": place.district,
        "mahalla": place.mahalla,
        "address": place.address,
        "reporter_kind": reporter.kind.value,
        "reporter_name": reporter.name,
        "reporter_contact": reporter.contact,
        "may_contact": reporter.may_contact,
        "language": reporter.language.value,
        "child_name": child.full_name,
        "approximate_age": child.approximate_age,
        "seen": child.seen,
        "personal_id": child.personal_id,
    }
    return [(_RECEIVED, params)]


def _linked(event: ConcernReport.ReportLinkedToCase) -> list[Statement]:
    params = _params(event) | {"case_id": event.case_id, "opened_case": event.opened_case}
    return [(_LINKED, params)]


def _closed(event: ConcernReport.ReportClosed) -> list[Statement]:
    params = _params(event) | {"close_reason": event.reason.value, "note": event.note}
    return [(_CLOSED, params)]


def _child_erased(event: Case.ChildDataErased) -> list[Statement]:
    return [(_ERASED, {"case_id": event.originator_id, "erased": ERASED})]


_HANDLERS: dict[type[Any], StatementsOf] = {
    ConcernReport.ReportReceived: _received,
    ConcernReport.ReportLinkedToCase: _linked,
    ConcernReport.ReportClosed: _closed,
    Case.ChildDataErased: _child_erased,
}
CONCERN_STATEMENTS: Dispatch[StatementsOf] = Dispatch(
    "concern_reports",
    handlers=_HANDLERS,
    # A report's row is the report's own: no other case event changes it.
    ignored=frozenset(CASE_EVENTS) - frozenset(_HANDLERS),
)
"""The statements of each report event, and of a linked child's erasure, for `concern_report`."""


def concern_statements(event: object) -> list[Statement]:
    """The SQL that applies one event to `concern_report` (none for an event it ignores);
    raises UnclassifiedEvent for an event it neither handles nor ignores."""
    handler = CONCERN_STATEMENTS.handler(event)
    return handler(event) if handler is not None else []
