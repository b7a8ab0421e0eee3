from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from psycopg import Cursor
from psycopg.rows import DictRow, dict_row
from psycopg.sql import SQL, Identifier
from psycopg.types.json import Jsonb

from baxt.application.cases.application import CASE_EVENT_TOPICS, CaseApplication
from baxt.application.followers.runners import FollowerRunner, naming_failures
from baxt.application.plain import plain
from baxt.application.storable import storable
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.values import ContactOutcome, FlagReason
from baxt.projections.erasure import ERASE_CASE_SUMMARY, erasure_params
from baxt.projections.partner_referrals import partner_statements

Params = dict[str, Any]
Statement = tuple[str, Params]

_INSERT_FLAGGED = """
INSERT INTO case_summary (
    case_id, status, quarter, source, indicators, personal_id, full_name, birth_date, sex,
    guardian_name, guardian_phone, region, district, mahalla, version, flagged_at, updated_at,
    flag_reason
) VALUES (
    %(case_id)s, 'FLAGGED', %(quarter)s, %(source)s, %(indicators)s, %(personal_id)s,
    %(full_name)s, %(birth_date)s, %(sex)s, %(guardian_name)s, %(guardian_phone)s,
    %(region)s, %(district)s, %(mahalla)s, %(version)s, %(at)s, %(at)s, %(flag_reason)s
)"""
_MERGED_INDICATORS = (
    "indicators || ARRAY(SELECT i FROM unnest(%(indicators)s::text[]) AS i"
    " WHERE i <> ALL(indicators))"
)
_UPDATE = "UPDATE case_summary SET {changes}, version = %(version)s, updated_at = %(at)s"
_WHERE = " WHERE case_id = %(case_id)s"


def _update(changes: str) -> str:
    return _UPDATE.format(changes=changes) + _WHERE


_FLAG_ADDED = _update(
    f"indicators = {_MERGED_INDICATORS}, flag_reason = COALESCE(%(flag_reason)s, flag_reason)"
)
_SURVEYED = """
INSERT INTO survey_child (case_id, year, region, district, flagged_on)
SELECT case_id, %(year)s, region, district, %(day)s FROM case_summary WHERE case_id = %(case_id)s
ON CONFLICT (case_id, year) DO NOTHING"""
_SURVEY_SEEN = """
UPDATE survey_child SET seen_on = %(day)s
WHERE case_id = %(case_id)s AND seen_on IS NULL AND flagged_on <= %(day)s"""
SURVEY_ROUND = "AGE3_SURVEY:"
_CONTACT_ATTEMPTED = _update(
    "contact_attempts = contact_attempts + 1,"
    " status = CASE WHEN %(reached)s THEN 'CONTACTED' ELSE status END,"
    " visit_scheduled_at = CASE WHEN %(reached)s THEN %(visit_scheduled_at)s"
    " ELSE visit_scheduled_at END"
)
_VISITED = _update(
    "status = 'VISITED', visits = visits || %(visit)s, child_seen = child_seen OR %(child_seen)s"
)
_CONSULTED = _update("status = 'CONSULTED', needs = %(needs)s, plan = %(plan)s")
_REFERRED = _update("status = 'REFERRED', referrals = referrals || %(referral)s")
_CLOSED = _update("status = 'CLOSED', close_reason = %(reason)s")
_ESCALATED = _update("escalation = %(level)s")
_ASSIGNED = _update("caseworker = %(caseworker)s")
_VISIT_PLANNED = _update("planned_quarter = %(quarter)s, visit_due_on = %(due_on)s")
_TOUCH = _UPDATE.replace("{changes}, ", "") + _WHERE
_QUARTER_VISIT_PLANNED = """
INSERT INTO quarter_visit (case_id, quarter, due_on, seen_on)
SELECT %(case_id)s, %(quarter)s, %(due_on)s, (
    SELECT min(((v->>'visited_at')::timestamptz AT TIME ZONE 'Asia/Tashkent')::date)
    FROM case_summary c, jsonb_array_elements(c.visits) AS v
    WHERE c.case_id = %(case_id)s AND (v->>'child_seen')::boolean
      AND ((v->>'visited_at')::timestamptz AT TIME ZONE 'Asia/Tashkent')::date
          BETWEEN %(first_day)s AND %(due_on)s)
ON CONFLICT (case_id, quarter) DO NOTHING"""
_QUARTER_VISIT = "UPDATE quarter_visit SET {} WHERE case_id = %(case_id)s AND quarter = %(quarter)s"
_QUARTER_VISIT_SEEN = _QUARTER_VISIT.format("seen_on = COALESCE(seen_on, %(day)s)")
_QUARTER_VISIT_ESCALATED = _QUARTER_VISIT.format("escalated = true")
_QUARTER_VISIT_OVERDUE = _QUARTER_VISIT.format("overdue_level = %(level)s")
_REOPENED = _update(
    "status = 'FLAGGED', quarter = %(quarter)s, source = COALESCE(%(source)s, source),"
    f" indicators = {_MERGED_INDICATORS}, contact_attempts = 0, visit_scheduled_at = NULL,"
    " child_seen = false, close_reason = NULL, escalation = NULL,"
    " flag_reason = COALESCE(%(flag_reason)s, flag_reason)"
)


TABLES = ("case_summary", "quarter_visit", "survey_child", "partner_referral")
TRACKING_TABLE = "case_summary_tracking"


def apply_statements(curs: Cursor[Any], statements: Sequence[Statement]) -> None:
    """Runs the statements in one pipeline, inside the transaction `curs` is in.

    Every text is written `storable`, so an event stored before its text was checked never
    stops the projection, and live rows and a rebuild's stay the same.
    """
    with curs.connection.pipeline():
        for statement, params in statements:
            curs.execute(statement.encode(), storable(params))


class CaseSummaryView(PostgresTrackingRecorder):
    """The `case_summary` tables, written together with their tracking position."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self._lock_tracking = SQL(
            "SELECT notification_id FROM {0}.{1} WHERE application_name = %s FOR UPDATE"
        ).format(Identifier(datastore.schema), Identifier(self.tracking_table_name))
        self._tracked_ahead = 0

    def write(self, statements: Sequence[Statement], tracking: Tracking) -> None:
        """Runs the statements and records `tracking`, all in one transaction.

        Skips what is tracked already, as happens after a rebuild was swapped in: the
        tracking row is locked first, so a rebuild's swap pauses every writer here.
        """
        if tracking.notification_id <= self._tracked_ahead:
            return
        with self.datastore.transaction(commit=True) as curs:
            if self._has_tracked(curs, tracking):
                return
            apply_statements(curs, statements)
            # A cursor of its own, so the tracking upsert reads its own result and never one
            # the pipeline still had for the statements above.
            with curs.connection.cursor(row_factory=dict_row) as tracking_curs:
                self._insert_tracking(tracking_curs, tracking)

    def _has_tracked(self, curs: Cursor[DictRow], tracking: Tracking) -> bool:
        curs.execute(self._lock_tracking, (tracking.application_name,), prepare=True)
        row = curs.fetchone()
        if row is None or row["notification_id"] < tracking.notification_id:
            return False
        self._tracked_ahead = row["notification_id"]
        return True


class CaseSummaryProjection(Projection[CaseSummaryView]):
    """Folds each case event into the case's `case_summary` row."""

    name = "case_summary"
    topics = CASE_EVENT_TOPICS

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.write(statements_for(domain_event), tracking)


def case_summary_runner(
    env: dict[str, str], view_class: type[CaseSummaryView] = CaseSummaryView
) -> ProjectionRunner[CaseApplication, CaseSummaryView]:
    """Projects case_summary live, one event a transaction, from its tracked position; a
    failure notes the event it failed on."""
    return FollowerRunner(
        application_class=CaseApplication,
        projection_class=naming_failures(CaseSummaryProjection),
        view_class=view_class,
        env=env,
    )


@singledispatch
def statements_for(event: object) -> list[Statement]:
    """The SQL that applies one case event to `case_summary` (none for other events); the
    referral and consent events go to `partner_referral` (see `partner_referrals`)."""
    return partner_statements(event)


@statements_for.register
def _flagged(event: Case.Flagged) -> list[Statement]:
    child, household = event.child, event.household
    params = _base(event) | {
        "quarter": event.quarter,
        "source": event.source.value,
        "indicators": list(event.indicators),
        "personal_id": child.personal_id,
        "full_name": child.full_name,
        "birth_date": child.birth_date,
        "sex": child.sex.value,
        "guardian_name": household.guardian_name,
        "guardian_phone": household.guardian_phone,
        "region": household.region,
        "district": household.district,
        "mahalla": household.mahalla,
        "flag_reason": _reason(event.reason),
    }
    return [(_INSERT_FLAGGED, params), *_surveyed(event, event.round)]


@statements_for.register
def _flag_added(event: Case.FlagAdded) -> list[Statement]:
    params = _base(event) | {
        "indicators": list(event.indicators),
        "flag_reason": _reason(event.reason),
    }
    return [(_FLAG_ADDED, params), *_surveyed(event, event.round)]


def _reason(reason: FlagReason | None) -> Jsonb | None:
    return Jsonb(plain(reason)) if reason is not None else None


def _surveyed(event: Case.Event, round: str | None) -> list[Statement]:
    """A flag of the October survey's round (AGE3_SURVEY:2026) puts the child on its list."""
    if not round or not round.startswith(SURVEY_ROUND):
        return []
    params = _base(event) | {
        "year": int(round.removeprefix(SURVEY_ROUND)),
        "day": local_date(event.timestamp),
    }
    return [(_SURVEYED, params)]


@statements_for.register
def _contact_attempted(event: Case.ContactAttempted) -> list[Statement]:
    params = _base(event) | {
        "reached": event.outcome is ContactOutcome.REACHED,
        "visit_scheduled_at": event.visit_scheduled_at,
    }
    return [(_CONTACT_ATTEMPTED, params)]


@statements_for.register
def _visited(event: Case.Visited) -> list[Statement]:
    visit = event.visit
    params = _base(event) | {"visit": Jsonb([plain(visit)]), "child_seen": visit.child_seen}
    statements = [(_VISITED, params)]
    if visit.child_seen:
        seen = _base(event) | {
            "quarter": str(Quarter.containing(visit.visited_at)),
            "day": local_date(visit.visited_at),
        }
        statements += [(_QUARTER_VISIT_SEEN, seen), (_SURVEY_SEEN, seen)]
    return statements


@statements_for.register
def _consulted(event: Case.Consulted) -> list[Statement]:
    params = _base(event) | {
        "needs": Jsonb(plain(event.needs)),
        "plan": Jsonb(plain(event.plan)),
    }
    return [(_CONSULTED, params)]


@statements_for.register
def _referred(event: Case.Referred) -> list[Statement]:
    referral = Jsonb([plain(event.referral)])
    return [(_REFERRED, _base(event) | {"referral": referral}), *partner_statements(event)]


@statements_for.register
def _closed(event: Case.Closed) -> list[Statement]:
    return [(_CLOSED, _base(event) | {"reason": event.reason.value})]


@statements_for.register
def _child_data_erased(event: Case.ChildDataErased) -> list[Statement]:
    return [(ERASE_CASE_SUMMARY, erasure_params(_base(event))), *partner_statements(event)]


@statements_for.register
def _reopened(event: Case.Reopened) -> list[Statement]:
    params = _base(event) | {
        "quarter": event.quarter,
        "source": event.source.value if event.source else None,
        "indicators": list(event.indicators),
        "flag_reason": _reason(event.flag_reason),
    }
    return [(_REOPENED, params), *_surveyed(event, event.round)]


@statements_for.register
def _assigned(event: Case.Assigned) -> list[Statement]:
    return [(_ASSIGNED, _base(event) | {"caseworker": event.caseworker})]


@statements_for.register
def _visit_planned(event: Case.VisitPlanned) -> list[Statement]:
    params = _base(event) | {
        "quarter": event.quarter,
        "due_on": event.due_on,
        "first_day": Quarter.parse(event.quarter).first_day,
    }
    return [(_VISIT_PLANNED, params), (_QUARTER_VISIT_PLANNED, params)]


@statements_for.register
def _escalated(event: Case.Escalated) -> list[Statement]:
    params = _base(event) | {
        "level": event.level.value,
        "quarter": str(Quarter.containing(event.timestamp)),
    }
    return [(_ESCALATED, params), (_QUARTER_VISIT_ESCALATED, params)]


@statements_for.register
def _visit_overdue(event: Case.VisitOverdue) -> list[Statement]:
    params = _base(event) | {"quarter": event.quarter, "level": event.level.value}
    return [(_TOUCH, params), (_QUARTER_VISIT_OVERDUE, params)]


def _base(event: Case.Event) -> Params:
    return {
        "case_id": event.originator_id,
        "version": event.originator_version,
        "at": event.timestamp,
    }
