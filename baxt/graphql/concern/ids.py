from __future__ import annotations

from uuid import UUID

from baxt.domain import validation as check
from baxt.domain.errors import ReportNotFound
from baxt.graphql.concern.types import CONCERN_REPORT_TYPE
from baxt.graphql.core.node import parse_global_id

_FIELD = ("report_id",)


def report_uuid(value: str) -> UUID:
    """The report UUID inside a ConcernReport global ID; NOT_FOUND for anything else, and
    INVALID_INPUT for text no ID may hold."""
    parsed = parse_global_id(check.safe(value, _FIELD))
    if parsed is None or parsed[0] != CONCERN_REPORT_TYPE:
        raise ReportNotFound(f"no report with ID {value!r}", _FIELD)
    try:
        return UUID(parsed[1])
    except ValueError:
        raise ReportNotFound(f"no report with ID {value!r}", _FIELD) from None
