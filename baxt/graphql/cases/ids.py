from __future__ import annotations

from uuid import UUID

from baxt.domain.errors import CaseNotFound
from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.node import parse_global_id


def case_uuid(value: str) -> UUID:
    """The case UUID inside a Case global ID; CaseNotFound for anything else."""
    parsed = parse_global_id(value)
    if parsed is None or parsed[0] != CASE_TYPE:
        raise CaseNotFound(f"no case with ID {value!r}", ("case_id",))
    try:
        return UUID(parsed[1])
    except ValueError:
        raise CaseNotFound(f"no case with ID {value!r}", ("case_id",)) from None
