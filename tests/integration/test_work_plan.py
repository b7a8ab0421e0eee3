"""The work plan on the real PostgreSQL: sealed at rest, followed by case_summary, carried
forward by migration 0014 as the projection writes it, rebuilt the same, and erased."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import dict_row

import baxt.migrations
from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.domain.case import events
from baxt.domain.personal_data import ERASED
from baxt.domain.values import (
    GoalChange,
    GoalStatus,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    Visit,
)
from baxt.domain.work_plan import goal_id
from baxt.projections import rebuild
from baxt.projections.catch_up import catch_up_case_summary
from tests.factories import hours_ago
from tests.integration.test_corrections import _flagged
from tests.sealed import opened

MIGRATION = Path(baxt.migrations.__file__).parent / "0014_case_summary_work_plan.sql"
VACCINATIONS = PlanItem("Vaccinations for Shahzoda", "HEALTH_CLINIC", date(2026, 6, 30))
SPEECH = PlanItem("Speech sessions", "SPEECH_THERAPY", date(2026, 9, 30))
NOTE = "Shahzoda had her first shots"
REASON = "Quarterly review at home with the mother"
FIGURES = ("open_goals", "next_goal_due_on", "has_work_plan")


def _consulted(app: CaseApplication, plan: list[PlanItem]) -> UUID:
    case_id = _flagged(app)
    app.change_case(
        case_id,
        lambda case: case.record_visit(
            visit=Visit(hours_ago(2), True, True, "", False), actor="cw", now=hours_ago(0)
        ),
    )
    needs = [Need(NeedDomain.HEALTH, NeedLevel.HIGH, "")]
    app.change_case(
        case_id,
        lambda case: case.record_consultation(needs=needs, plan=plan, note="", actor="cw"),
    )
    return case_id


def _consulted_before_plans_were_required(app: CaseApplication) -> UUID:
    """A case consulted without a plan, as releases before WORK_PLAN_REQUIRED stored one."""
    case_id = _flagged(app)
    app.change_case(
        case_id,
        lambda case: case.record_visit(
            visit=Visit(hours_ago(2), True, True, "", False), actor="cw", now=hours_ago(0)
        ),
    )
    needs = (Need(NeedDomain.HEALTH, NeedLevel.HIGH, ""),)
    app.change_case(
        case_id,
        lambda case: case.trigger_event(
            events.Consulted, needs=needs, plan=(), note="", actor="cw"
        ),
    )
    return case_id


def _revise(app: CaseApplication, case_id: UUID, **given: Any) -> None:
    app.change_case(case_id, lambda case: case.revise_work_plan(reason=REASON, actor="cw", **given))


def _query(url: str, statement: str, *params: Any) -> list[dict[str, Any]]:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        return conn.execute(statement, params).fetchall()


def _summary(url: str, case_id: UUID) -> dict[str, Any]:
    (row,) = _query(url, "SELECT * FROM case_summary WHERE case_id = %s", case_id)
    return row


def test_goals_notes_and_the_reason_are_sealed_in_the_stored_events(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id = _consulted(app, [VACCINATIONS])

    _revise(app, case_id, add=[SPEECH], change=[GoalChange(goal_id(case_id, 1), note=NOTE)])

    rows = _query(url, "SELECT state FROM cases_events WHERE originator_id = %s", case_id)
    stored = b"".join(bytes(r["state"]) for r in rows)
    for text in (VACCINATIONS.goal, SPEECH.goal, NOTE, REASON):
        assert text.encode() not in stored
    assert b"SPEECH_THERAPY" in stored


def test_case_summary_keeps_the_goals_and_a_worklist_s_figures_as_a_rebuild_does(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id = _consulted(app, [VACCINATIONS])
    first = goal_id(case_id, 1)

    _revise(app, case_id, add=[SPEECH], change=[GoalChange(first, note=NOTE)])
    _revise(app, case_id, change=[GoalChange(first, status=GoalStatus.ACHIEVED)])
    catch_up_case_summary(event_store_env(url))

    row = _summary(url, case_id)
    assert [(g["id"], g["status"]) for g in row["goals"]] == [
        (first, "ACHIEVED"),
        (goal_id(case_id, 2), "OPEN"),
    ]
    assert NOTE not in str(row)  # sealed in the read model too
    notes = opened(url, case_id, row["goals"][0]["notes"])
    assert [n["text"] for n in notes] == [NOTE]
    assert [row[name] for name in FIGURES] == [1, SPEECH.due_on, True]
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


def test_a_plan_whose_goals_are_all_dropped_is_no_plan(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id = _consulted(app, [VACCINATIONS])

    _revise(app, case_id, change=[GoalChange(goal_id(case_id, 1), status=GoalStatus.DROPPED)])
    catch_up_case_summary(event_store_env(url))

    assert [_summary(url, case_id)[name] for name in FIGURES] == [0, None, False]


def test_migration_0014_carries_consulted_rows_forward_as_the_projection_writes_them(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    planned = _consulted(app, [VACCINATIONS, SPEECH])
    unplanned = _consulted_before_plans_were_required(app)
    erased = _consulted(app, [SPEECH])
    app.erase_child_data(erased, legal_reason="Court order 2026/77", actor="admin")
    catch_up_case_summary(event_store_env(url))
    projected = {case_id: _summary(url, case_id) for case_id in (planned, unplanned, erased)}

    carry_forward = MIGRATION.read_text().split("ALTER TABLE", 1)[1].split(";", 1)[1]
    carry_forward = carry_forward.split("CREATE INDEX", 1)[0]
    with psycopg.connect(url) as conn:
        conn.execute(
            "UPDATE case_summary SET goals = '[]', open_goals = 0, next_goal_due_on = NULL,"
            " has_work_plan = false"
        )
        conn.execute(carry_forward)

    for case_id, row in projected.items():
        assert _summary(url, case_id) == row
    assert projected[erased]["goals"][0]["text"] == ERASED
    assert projected[unplanned]["has_work_plan"] is False
