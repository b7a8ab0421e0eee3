"""The `household` statements: what each household event writes to the household's row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventsourcing.utils import get_topic
from psycopg.types.json import Jsonb

from baxt.application.plain import plain
from baxt.domain.household import events
from baxt.domain.personal_data import ERASED
from baxt.projections.dispatch import UnclassifiedEvent
from baxt.projections.statements import Params, Statement, StatementsOf

_REGISTERED = """
INSERT INTO household (
    household_id, region, district, mahalla, address_line, guardians, members, version,
    registered_at, updated_at
) VALUES (
    %(household_id)s, %(region)s, %(district)s, %(mahalla)s, %(address_line)s, %(guardians)s,
    %(members)s, %(version)s, %(at)s, %(at)s
)"""
_UPDATE = """UPDATE household SET {}, version = %(version)s, updated_at = %(at)s
WHERE household_id = %(household_id)s"""
_GUARDIANS_CHANGED = _UPDATE.format("guardians = %(guardians)s")
# The same rows a rebuild gives once the household's key is gone: every sealed text reads
# as erased, and the texts that were empty stay empty.
_ERASED = _UPDATE.format(
    "erased = true,"
    " address_line = CASE WHEN address_line <> '' THEN %(erased)s ELSE '' END,"
    " guardians = (SELECT coalesce(jsonb_agg(e || jsonb_build_object("
    "'full_name', %(erased)s::text, 'phone', %(erased)s::text) ORDER BY n), '[]'::jsonb)"
    " FROM jsonb_array_elements(guardians) WITH ORDINALITY AS x(e, n)),"
    " members = (SELECT coalesce(jsonb_agg(e || jsonb_build_object("
    "'full_name', %(erased)s::text) ORDER BY n), '[]'::jsonb)"
    " FROM jsonb_array_elements(members) WITH ORDINALITY AS x(e, n))"
)


def _params(event: events.HouseholdEvent) -> Params:
    return {
        "household_id": event.originator_id,
        "version": event.originator_version,
        "at": event.timestamp,
    }


def _registered(event: events.Registered) -> list[Statement]:
    address = event.address
    params = _params(event) | {
        "region": address.region,
        "district": address.district,
        "mahalla": address.mahalla,
        "address_line": address.line,
        "guardians": Jsonb(plain(event.guardians)),
        "members": Jsonb(plain(event.members)),
    }
    return [(_REGISTERED, params)]


def _guardians_changed(event: events.GuardiansChanged) -> list[Statement]:
    return [(_GUARDIANS_CHANGED, _params(event) | {"guardians": Jsonb(plain(event.guardians))})]


def _data_erased(event: events.DataErased) -> list[Statement]:
    return [(_ERASED, _params(event) | {"erased": ERASED})]


HOUSEHOLD_STATEMENTS: Mapping[type[events.HouseholdEvent], StatementsOf] = {
    events.Registered: _registered,
    events.GuardiansChanged: _guardians_changed,
    events.DataErased: _data_erased,
}
"""The statements of each household event for the household's row."""

HOUSEHOLD_TOPICS = tuple(get_topic(cls) for cls in HOUSEHOLD_STATEMENTS)
"""The stored topics of the household events the `household` table follows."""


def household_statements(event: Any) -> list[Statement]:
    """The SQL that applies one household event to its row; UnclassifiedEvent for an event
    of a household this module does not handle."""
    handler = HOUSEHOLD_STATEMENTS.get(type(event))
    if handler is None:
        raise UnclassifiedEvent("household", type(event))
    return handler(event)
