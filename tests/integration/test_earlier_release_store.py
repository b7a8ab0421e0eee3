"""A store written by an earlier release opens: its topics resolve, its cases replay, and the
read models are carried forward, even past the events that stopped that release's projection.

The store (`tests/fixtures/store_6f891c8.sql`, see the README beside it) was written by the
release at commit 6f891c8: the five stories, a re-flag, a plan, an assignment, an escalation,
an erasure, a reopened case, and a child whose name, guardian and notes hold NUL and control
bytes, which that release accepted and then could not project.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from eventsourcing.utils import resolve_topic

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.values import FlagSource
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.rebuild import check
from tests.database import scratch_database
from tests.sealed import opened

STORE = Path(__file__).parents[1] / "fixtures" / "store_6f891c8.sql"
CASE_KEY = b"earlier-release-fixture-case-key"
EVENTS = 52
STATUSES = ["CLOSED"] * 4 + ["FLAGGED", "REFERRED", "REFERRED", "VISITED"]
TOPICS = {
    "baxt.domain.case:Case.Assigned": 1,
    "baxt.domain.case:Case.ChildDataErased": 1,
    "baxt.domain.case:Case.Closed": 4,
    "baxt.domain.case:Case.ConsentGiven": 1,
    "baxt.domain.case:Case.Consulted": 5,
    "baxt.domain.case:Case.ContactAttempted": 13,
    "baxt.domain.case:Case.Escalated": 1,
    "baxt.domain.case:Case.FlagAdded": 1,
    "baxt.domain.case:Case.Flagged": 8,
    "baxt.domain.case:Case.Referred": 9,
    "baxt.domain.case:Case.Reopened": 1,
    "baxt.domain.case:Case.VisitPlanned": 1,
    "baxt.domain.case:Case.Visited": 6,
}


@pytest.fixture
def earlier_store(admin_url: str) -> Iterator[str]:
    """A database restored from the earlier release's dump, then migrated by this release."""
    with scratch_database(admin_url, prefix="baxt_earlier") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(STORE.read_text(encoding="utf-8").encode())
        apply_migrations(url)
        yield url


@pytest.fixture
def earlier_app(earlier_store: str) -> Iterator[CaseApplication]:
    application = CaseApplication(event_store_env(earlier_store), case_key=CASE_KEY)
    yield application
    application.close()


def _stored_topics(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT topic, count(*) FROM cases_events GROUP BY topic").fetchall()
    return {topic: count for topic, count in rows}


def _case_ids(url: str) -> list[UUID]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT DISTINCT originator_id FROM cases_events").fetchall()
    return [row[0] for row in rows]


def _case(app: CaseApplication, case_id: UUID) -> Case:
    case: object = app.repository.get(case_id)
    assert isinstance(case, Case)
    return case


def test_every_stored_topic_still_names_an_event_class(earlier_store: str) -> None:
    topics = _stored_topics(earlier_store)
    assert topics == TOPICS
    for topic in topics:
        assert issubclass(resolve_topic(topic), Case.Event)


def test_every_case_of_the_earlier_store_replays(
    earlier_store: str, earlier_app: CaseApplication
) -> None:
    cases = [_case(earlier_app, case_id) for case_id in _case_ids(earlier_store)]
    assert len(cases) == 8
    assert sum(case.version for case in cases) == EVENTS
    assert sorted(case.status.value for case in cases) == STATUSES


def test_the_projection_carries_the_earlier_store_past_its_hostile_text(
    earlier_store: str,
) -> None:
    env = event_store_env(earlier_store)
    catch_up_case_summary(env, batch_size=10)
    with psycopg.connect(earlier_store) as conn:
        sealed = conn.execute(
            "SELECT case_id, full_name, guardian_name, version FROM case_summary"
        ).fetchall()
    rows = [opened(earlier_store, row[0], tuple(row[1:])) for row in sealed]
    assert len(rows) == 8
    assert sum(version for _, _, version in rows) == EVENTS
    hostile = [row for row in rows if "Dilnoza" in row[0]]
    assert len(hostile) == 1
    assert "\x00" not in hostile[0][0]
    assert "\x00" not in hostile[0][1]
    assert check(env, "case_summary").matches


def test_a_child_of_the_earlier_store_flagged_again_joins_the_same_case(
    earlier_store: str, earlier_app: CaseApplication
) -> None:
    reopened = next(
        case
        for case_id in _case_ids(earlier_store)
        if (case := _case(earlier_app, case_id)).child.full_name == "Reopened Child"
    )
    saved = earlier_app.flag_child(
        child=reopened.child,
        household=reopened.household,
        source=FlagSource.RISK_SCREENING,
        indicators=("SCHOOL_ABSENCE",),
        note="flagged by this release",
        actor="tests.caseworker",
    )
    assert saved.case_id == reopened.id
    assert saved.version == reopened.version + 1
