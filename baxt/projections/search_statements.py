"""The `case_search` statements: the blind index of each case's child, by name and PINFL.

Written from the clear event, before its texts are sealed for the other tables. An erased
child's terms are deleted; a rebuild after the erasure reads the names as erased and writes
none, so live and rebuilt rows are the same. The terms go in one statement a kind, their
array sent in binary, as the match keys are (`match_key_statements`).
"""

from __future__ import annotations

from baxt.application.pii.blind_index import NAME, PINFL, BlindIndex
from baxt.domain.case import Case
from baxt.domain.personal_data import ERASED
from baxt.projections.statements import Statement

_INSERT = """
INSERT INTO case_search (case_id, kind, term)
SELECT %(case_id)s, %(kind)s, term FROM unnest(%(terms)b::bytea[]) AS t(term)
ON CONFLICT DO NOTHING"""
_FORGET_NAME = "DELETE FROM case_search WHERE case_id = %(case_id)s AND kind = 'NAME'"
_FORGET = "DELETE FROM case_search WHERE case_id = %(case_id)s"


def search_statements(event: object, index: BlindIndex) -> list[Statement]:
    """What a case event changes in the case's blind index (nothing, for most)."""
    if isinstance(event, Case.Flagged):
        child = event.child
        return [
            *_terms(event.originator_id, NAME, _name_terms(index, child.full_name)),
            *_terms(event.originator_id, PINFL, _pinfl_terms(index, child.personal_id)),
        ]
    if isinstance(event, Case.ChildCorrected) and event.full_name is not None:
        forget = (_FORGET_NAME, {"case_id": event.originator_id})
        return [forget, *_terms(event.originator_id, NAME, _name_terms(index, event.full_name))]
    if isinstance(event, Case.ChildDataErased):
        return [(_FORGET, {"case_id": event.originator_id})]
    return []


def _name_terms(index: BlindIndex, full_name: str) -> list[bytes]:
    return [] if full_name == ERASED else index.name_terms(full_name)


def _pinfl_terms(index: BlindIndex, pinfl: str) -> list[bytes]:
    return [] if not pinfl or pinfl == ERASED else [index.pinfl_term(pinfl)]


def _terms(case_id: object, kind: str, terms: list[bytes]) -> list[Statement]:
    if not terms:
        return []
    return [(_INSERT, {"case_id": case_id, "kind": kind, "terms": terms})]
