"""Many cases loaded from the event store at once: one SELECT of all their events, and their
children's keys read in one go, instead of two round trips a case."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, project_aggregate
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder
from psycopg.sql import SQL, Identifier

from baxt.application.cases.application import CaseApplication
from baxt.domain.case import Case

_SELECT_EVENTS = SQL(
    "SELECT originator_id, originator_version, topic, state FROM {}.{}"
    " WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version"
)


def load_cases(app: CaseApplication, case_ids: Sequence[UUID]) -> dict[UUID, Case]:
    """The cases as the event store holds them now, by ID; an ID with no events is left out."""
    if not isinstance(app.recorder, PostgresAggregateRecorder):
        return _one_by_one(app, case_ids)
    app.child_keys.load(case_ids)
    cases: dict[UUID, Case] = {}
    for case_id, stored in _stored_events(app.recorder, case_ids).items():
        events = (app.mapper.to_domain_event(event) for event in stored)
        case = project_aggregate(None, events)
        if isinstance(case, Case):
            cases[case_id] = case
    return cases


def _stored_events(
    recorder: PostgresAggregateRecorder, case_ids: Sequence[UUID]
) -> dict[UUID, list[StoredEvent]]:
    statement = _SELECT_EVENTS.format(
        Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
    )
    by_case: dict[UUID, list[StoredEvent]] = defaultdict(list)
    with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
        curs.execute(statement, [list(case_ids)])
        for row in curs.fetchall():
            by_case[row["originator_id"]].append(
                StoredEvent(
                    originator_id=row["originator_id"],
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=bytes(row["state"]),
                )
            )
    return by_case


def _one_by_one(app: CaseApplication, case_ids: Sequence[UUID]) -> dict[UUID, Case]:
    cases: dict[UUID, Case] = {}
    for case_id in case_ids:
        try:
            case: object = app.repository.get(case_id)
        except AggregateNotFoundError:
            continue
        if isinstance(case, Case):
            cases[case_id] = case
    return cases
