"""The work plan's statements for `case_summary`: the goals a consultation sets and each
revision changes, and the figures a worklist needs (open goals, the next due date, a plan)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg.types.json import Jsonb

from baxt.application.plain import plain
from baxt.domain.case import Case
from baxt.domain.values import Goal, GoalChange
from baxt.domain.work_plan import goals_of_plan
from baxt.projections.statements import Statement, event_params

_UPDATE = "UPDATE case_summary SET {}, version = %(version)s, updated_at = %(at)s"
_WHERE = " WHERE case_id = %(case_id)s"
_CONSULTED = (
    _UPDATE.format("status = 'CONSULTED', needs = %(needs)s, plan = %(plan)s, goals = %(goals)s")
    + _WHERE
)
# Each goal changed takes the fields its change gives, and its progress note after its notes.
_REVISED = (
    _UPDATE.format(
        "goals = (SELECT coalesce(jsonb_agg("
        "(g || coalesce(%(changes)s::jsonb -> (g->>'id'), '{}'::jsonb))"
        " || jsonb_build_object('notes',"
        " (g->'notes') || coalesce(%(notes)s::jsonb -> (g->>'id'), '[]'::jsonb))"
        " ORDER BY n), '[]'::jsonb)"
        " FROM jsonb_array_elements(goals) WITH ORDINALITY AS x(g, n)) || %(added)s::jsonb"
    )
    + _WHERE
)
PLAN_FIGURES = """
UPDATE case_summary SET
    open_goals = (SELECT count(*) FROM jsonb_array_elements(goals) AS g
        WHERE g->>'status' = 'OPEN'),
    next_goal_due_on = (SELECT min((g->>'due_on')::date) FROM jsonb_array_elements(goals) AS g
        WHERE g->>'status' = 'OPEN'),
    has_work_plan = EXISTS (SELECT FROM jsonb_array_elements(goals) AS g
        WHERE g->>'status' <> 'DROPPED')"""
"""What a worklist needs of a case's goals, computed from them (the migration uses it too)."""
_FIGURES = PLAN_FIGURES + _WHERE
_REVIEWED = (
    _UPDATE.format(
        "last_reviewed_on = %(reviewed_on)s, risk_level = %(risk_level)s,"
        " next_review_due = %(next_review_due)s"
    )
    + _WHERE
)

_REVIEW_PLANNED = _UPDATE.format("next_review_due = %(due_on)s") + _WHERE


def consulted(event: Case.Consulted) -> list[Statement]:
    """The consultation's needs and plan, and its plan's items as the case's open goals."""
    params = event_params(event) | {
        "needs": Jsonb(plain(event.needs)),
        "plan": Jsonb(plain(event.plan)),
        "goals": Jsonb(plain(goals_of_plan(event.originator_id, event.plan))),
    }
    return [(_CONSULTED, params), (_FIGURES, params)]


def work_plan_revised(event: Case.WorkPlanRevised) -> list[Statement]:
    """The revision's changes to the goals, its progress notes, and the goals it adds."""
    return _goal_statements(event, event.changed, event.added)


def review_recorded(event: Case.ReviewRecorded) -> list[Statement]:
    """The review's date, risk and next due date, and its progress notes on the goals."""
    params = event_params(event) | {
        "reviewed_on": event.reviewed_on,
        "risk_level": event.risk_level.value,
        "next_review_due": event.next_review_due,
    }
    return [(_REVIEWED, params), *_goal_statements(event, event.progress, ())]


def review_planned(event: Case.ReviewPlanned) -> list[Statement]:
    """The review the planner planned: when it is due."""
    return [(_REVIEW_PLANNED, event_params(event) | {"due_on": event.due_on})]


def _goal_statements(
    event: Case.Event, changed: Sequence[GoalChange], added: Sequence[Goal]
) -> list[Statement]:
    changes: dict[str, dict[str, Any]] = {}
    notes: dict[str, list[Any]] = {}
    for change in changed:
        given = plain(change)
        changes[change.goal_id] = {
            name: given[name]
            for name in ("text", "service_category", "due_on", "status")
            if given[name] is not None
        }
        if change.note:
            notes[change.goal_id] = [
                {"text": given["note"], "noted_at": plain(event.timestamp), "actor": event.actor}
            ]
    params = event_params(event) | {
        "changes": Jsonb(changes),
        "notes": Jsonb(notes),
        "added": Jsonb(plain(tuple(added))),
    }
    return [(_REVISED, params), (_FIGURES, params)]
