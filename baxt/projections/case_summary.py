"""The `case_summary` projection: its view, which writes an event's statements and its
tracking position in one transaction, and its live runner."""

from __future__ import annotations

import os
from collections import ChainMap
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from psycopg import Cursor
from psycopg.rows import DictRow, dict_row
from psycopg.sql import SQL, Identifier

from baxt.application.cases.application import CaseApplication
from baxt.application.followers.runners import FollowerRunner, naming_failures
from baxt.application.pii.keyring import child_keys
from baxt.application.pii.match_keys import MatchKeys
from baxt.application.pii.read_models import ReadModelSealer
from baxt.application.storable import storable
from baxt.domain.concern.events import ConcernEvent
from baxt.domain.household.events import HouseholdEvent
from baxt.domain.teams.events import GatheringEvent, TeamEvent
from baxt.projections.case_summary_statements import SUMMARY_STATEMENTS, summary_statements
from baxt.projections.concern_reports import CONCERN_STATEMENTS, concern_statements
from baxt.projections.dispatch import topics_of
from baxt.projections.household_statements import HOUSEHOLD_TOPICS, household_statements
from baxt.projections.live_notices import case_notices
from baxt.projections.match_key_statements import match_key_statements
from baxt.projections.monitoring_statements import MONITORING_STATEMENTS, monitoring_statements
from baxt.projections.partner_referrals import PARTNER_STATEMENTS, partner_statements
from baxt.projections.search_statements import search_statements
from baxt.projections.statements import Params, Statement
from baxt.projections.team_statements import TEAM_TOPICS, team_statements

TABLES = (
    "case_summary",
    "quarter_visit",
    "survey_child",
    "partner_referral",
    "household",
    "monitoring_facts",
    "monitoring_episode",
    "concern_report",
    "interagency_team",
    "gathering",
    "case_match_key",
    "case_search",
)
TRACKING_TABLE = "case_summary_tracking"


def apply_statements(curs: Cursor[Any], statements: Sequence[Statement]) -> None:
    """Runs the statements in one pipeline, inside the transaction `curs` is in.

    Each statement is prepared once a connection, as the same few recur for every event.
    Every text is written `storable`, so an event stored before its text was checked never
    stops the projection, and live rows and a rebuild's stay the same.
    """
    with curs.connection.pipeline():
        for statement, params in statements:
            curs.execute(statement.encode(), _storable_params(params), prepare=True)


def _storable_params(params: Params) -> Params:
    return {name: storable(value) for name, value in params.items()}


class CaseSummaryView(PostgresTrackingRecorder):
    """The `case_summary` tables, written together with their tracking position.

    Its `sealer` seals what the events write there with the children's keys, read through
    the view's own pool with the master key of `keys_env` (see `keyed`) or of the process
    environment.
    """

    keys_env: ClassVar[Mapping[str, str]] = {}

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        # As the application reads its settings: the process environment, then those given.
        env = ChainMap(dict(self.keys_env), dict(os.environ))
        self.sealer = ReadModelSealer(child_keys(env, datastore))
        self.match_keys = MatchKeys.from_env(env)
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
    """Folds each case event into the case's `case_summary` row, each household event into
    the household's `household` row, and each team or gathering event into its row."""

    name = "case_summary"
    topics = (
        *topics_of(
            SUMMARY_STATEMENTS, PARTNER_STATEMENTS, MONITORING_STATEMENTS, CONCERN_STATEMENTS
        ),
        *HOUSEHOLD_TOPICS,
        *TEAM_TOPICS,
    )

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        unseen = (HouseholdEvent, ConcernEvent, TeamEvent, GatheringEvent)
        notices = [] if isinstance(domain_event, unseen) else case_notices(domain_event)
        statements = statements_for(domain_event, self.view.sealer, self.view.match_keys)
        self.view.write([*statements, *notices], tracking)


def case_summary_runner(
    env: dict[str, str], view_class: type[CaseSummaryView] = CaseSummaryView
) -> ProjectionRunner[CaseApplication, CaseSummaryView]:
    """Projects case_summary live, one event a transaction, from its tracked position; a
    failure notes the event it failed on."""
    return FollowerRunner(
        application_class=CaseApplication,
        projection_class=naming_failures(CaseSummaryProjection),
        view_class=keyed(view_class, env),
        env=env,
    )


def keyed(view_class: type[CaseSummaryView], env: Mapping[str, str]) -> type[CaseSummaryView]:
    """The view class, sealing and keying with the PII master key of `env`."""
    namespace = {"keys_env": dict(env)}
    return type(view_class.__name__, (view_class,), namespace)


def statements_for(
    event: object, sealer: ReadModelSealer, match_keys: MatchKeys
) -> list[Statement]:
    """The SQL that applies one case event to the case's row and lists, then to what partners
    see of its referrals (`partner_referrals`), then to the child's quarter row of the
    monitoring figures (`monitoring_statements`), to the reports of concern linked to it and
    to the case's match keys for duplicate detection (`match_key_statements`); or one
    report's event to its row (`concern_reports`): in one transaction with one tracking
    position.

    Raises UnclassifiedEvent for an event any of them neither handles nor ignores. A
    household's event goes to its `household` row instead, and a team's or a gathering's to
    its `interagency_team` or `gathering` row. Every personal text is written sealed by
    `sealer`, and every birth date under its shared key; the case's blind indexes
    (`case_search`, `case_match_key`) and the monitoring figures, which hold no personal
    text, are written from the clear event.
    """
    sealed = sealer.sealed_event(event)
    if isinstance(event, HouseholdEvent):
        return household_statements(sealed)
    if isinstance(event, ConcernEvent):
        return concern_statements(sealed)
    if isinstance(event, TeamEvent | GatheringEvent):
        return team_statements(sealed)
    return [
        *summary_statements(sealed),
        *partner_statements(sealed),
        *monitoring_statements(event),
        *concern_statements(sealed),
        *match_key_statements(event, match_keys),
        *search_statements(event, sealer.index),
    ]
