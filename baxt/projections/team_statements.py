"""The `interagency_team` and `gathering` statements: what each team or gathering event
writes to its row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventsourcing.utils import get_topic
from psycopg.types.json import Jsonb

from baxt.application.plain import plain
from baxt.domain.quarter import Quarter
from baxt.domain.teams import events
from baxt.projections.dispatch import UnclassifiedEvent
from baxt.projections.statements import Params, Statement, StatementsOf

_FORMED = """
INSERT INTO interagency_team (
    team_id, name, coordination_group, region, district, mahalla, members, version,
    formed_at, updated_at
) VALUES (
    %(id)s, %(name)s, %(coordination_group)s, %(region)s, %(district)s, %(mahalla)s,
    '[]'::jsonb, %(version)s, %(at)s, %(at)s
)"""
_MEMBERS = """UPDATE interagency_team SET members = {}, version = %(version)s,
updated_at = %(at)s WHERE team_id = %(id)s"""
_MEMBER_ADDED = _MEMBERS.format("members || %(member)s")
_MEMBER_REMOVED = _MEMBERS.format(
    "(SELECT coalesce(jsonb_agg(m ORDER BY n), '[]'::jsonb)"
    " FROM jsonb_array_elements(members) WITH ORDINALITY AS x(m, n)"
    " WHERE m ->> 'member_id' <> %(member_id)s)"
)
_RECORDED = """
INSERT INTO gathering (
    gathering_id, kind, held_on, quarter, region, district, mahalla, team_id, title,
    attendance, participants, parents_attending, certificates_issued, case_ids, version,
    recorded_at
) VALUES (
    %(id)s, %(kind)s, %(held_on)s, %(quarter)s, %(region)s, %(district)s, %(mahalla)s,
    %(team_id)s, %(title)s, %(attendance)s, %(participants)s, %(parents_attending)s,
    %(certificates_issued)s, %(case_ids)s, %(version)s, %(at)s
)"""


def _params(event: events.TeamEvent | events.GatheringEvent) -> Params:
    return {"id": event.originator_id, "version": event.originator_version, "at": event.timestamp}


def _formed(event: events.TeamFormed) -> list[Statement]:
    place = event.place
    params = _params(event) | {
        "name": event.name,
        "coordination_group": event.coordination_group,
        "region": place.region,
        "district": place.district,
        "mahalla": place.mahalla,
    }
    return [(_FORMED, params)]


def _member_added(event: events.MemberAdded) -> list[Statement]:
    return [(_MEMBER_ADDED, _params(event) | {"member": Jsonb([plain(event.member)])})]


def _member_removed(event: events.MemberRemoved) -> list[Statement]:
    return [(_MEMBER_REMOVED, _params(event) | {"member_id": str(event.member_id)})]


def _recorded(event: events.GatheringRecorded) -> list[Statement]:
    held_on = event.held_on
    attendance = plain(event.attendance)
    professionals = sum(int(a["participants"]) for a in attendance)
    params = _params(event) | {
        "kind": event.kind.value,
        "held_on": held_on,
        "quarter": str(Quarter(held_on.year, (held_on.month - 1) // 3 + 1)),
        "region": event.place.region,
        "district": event.place.district,
        "mahalla": event.place.mahalla,
        "team_id": event.team_id,
        "title": event.title,
        "attendance": Jsonb(attendance),
        "participants": professionals + event.parents_attending,
        "parents_attending": event.parents_attending,
        "certificates_issued": event.certificates_issued,
        "case_ids": list(event.case_ids),
    }
    return [(_RECORDED, params)]


TEAM_STATEMENTS: Mapping[type[Any], StatementsOf] = {
    events.TeamFormed: _formed,
    events.MemberAdded: _member_added,
    events.MemberRemoved: _member_removed,
    events.GatheringRecorded: _recorded,
}
"""The statements of each team and gathering event for its row."""

TEAM_TOPICS = tuple(get_topic(cls) for cls in TEAM_STATEMENTS)
"""The stored topics of the team and gathering events the two tables follow."""


def team_statements(event: Any) -> list[Statement]:
    """The SQL that applies one team or gathering event to its row; UnclassifiedEvent for
    one this module does not handle."""
    handler = TEAM_STATEMENTS.get(type(event))
    if handler is None:
        raise UnclassifiedEvent("interagency_team", type(event))
    return handler(event)
