from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from baxt.domain import validation as check
from baxt.domain.errors import CaseNotFound
from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.core.node import parse_global_id

_FIELD = ("case_id",)


def case_uuid(value: str, field: Sequence[str] = _FIELD) -> UUID:
    """The case UUID inside a Case global ID; CaseNotFound for anything else, and
    INVALID_INPUT for text no ID may hold (a NUL, a control character, a lone surrogate)."""
    parsed = parse_global_id(check.safe(value, field))
    if parsed is None or parsed[0] != CASE_TYPE:
        raise CaseNotFound(f"no case with ID {value!r}", field)
    try:
        return UUID(parsed[1])
    except ValueError:
        raise CaseNotFound(f"no case with ID {value!r}", field) from None
