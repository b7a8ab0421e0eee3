"""The `case_match_key` statements: the blind indexes each case keeps of its child's name,
birth date and PINFL, for duplicate detection (see `baxt.application.pii.match_keys`).

A flag writes them, a correction of the name or birth date writes those again, and erasing
the child removes them all. Unlike the other statements, these need the installation's key,
so the projection is given `MatchKeys`; the table holds only the hashes.

A flag's keys go in one statement, their arrays sent in binary: the server reads each hash as
its bytes, where the text format would spell every one out in hex to be parsed back.
"""

from __future__ import annotations

from baxt.application.pii.match_keys import MatchKey, MatchKeys, MatchKind
from baxt.domain.case import Case
from baxt.projections.statements import Statement, event_params

_INSERT = """
INSERT INTO case_match_key (case_id, kind, key)
SELECT %(case_id)s, kind, key FROM unnest(%(kinds)b::text[], %(keys)b::bytea[]) AS k(kind, key)
ON CONFLICT DO NOTHING"""
_DELETE_KINDS = (
    "DELETE FROM case_match_key WHERE case_id = %(case_id)s AND kind = ANY(%(kinds)s::text[])"
)
_DELETE_ALL = "DELETE FROM case_match_key WHERE case_id = %(case_id)s"
_NAME = (MatchKind.NAME.value,)
_BORN = (MatchKind.BORN.value, MatchKind.BORN_NEAR.value)


def match_key_statements(event: object, keys: MatchKeys) -> list[Statement]:
    """The statements that keep the case's match keys for one event; none for an event that
    changes neither name, birth date nor PINFL."""
    if isinstance(event, Case.Flagged):
        child = event.child
        made = [
            *keys.of_name(child.full_name),
            *keys.of_birth_date(child.birth_date),
            *keys.of_pinfl(child.personal_id),
        ]
        return _inserted(event, made)
    if isinstance(event, Case.ChildCorrected):
        return _corrected(event, keys)
    if isinstance(event, Case.ChildDataErased):
        return [(_DELETE_ALL, event_params(event))]
    return []


def _corrected(event: Case.ChildCorrected, keys: MatchKeys) -> list[Statement]:
    statements: list[Statement] = []
    if event.full_name is not None:
        statements += _replaced(event, _NAME, keys.of_name(event.full_name))
    if event.birth_date is not None:
        statements += _replaced(event, _BORN, keys.of_birth_date(event.birth_date))
    return statements


def _replaced(event: Case.Event, kinds: tuple[str, ...], made: list[MatchKey]) -> list[Statement]:
    return [(_DELETE_KINDS, event_params(event) | {"kinds": list(kinds)}), *_inserted(event, made)]


def _inserted(event: Case.Event, made: list[MatchKey]) -> list[Statement]:
    if not made:
        return []
    params = event_params(event) | {
        "kinds": [key.kind.value for key in made],
        "keys": [key.key for key in made],
    }
    return [(_INSERT, params)]
