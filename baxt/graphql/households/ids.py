"""The global IDs of household records."""

from __future__ import annotations

from uuid import UUID

import strawberry

from baxt.domain import validation as check
from baxt.domain.errors import InvalidInput
from baxt.graphql.core.node import global_id, parse_global_id

HOUSEHOLD_TYPE = "HouseholdRecord"


def household_global_id(household_id: UUID) -> strawberry.ID:
    return global_id(HOUSEHOLD_TYPE, str(household_id))


def household_uuid(value: str, field: tuple[str, ...] = ("household_id",)) -> UUID:
    """The household's UUID in its global ID; INVALID_INPUT when it is not a household's."""
    parsed = parse_global_id(check.safe(value, field))
    if parsed is None or parsed[0] != HOUSEHOLD_TYPE:
        raise InvalidInput("not the ID of a household record", field)
    try:
        return UUID(parsed[1])
    except ValueError:
        raise InvalidInput("not the ID of a household record", field) from None
