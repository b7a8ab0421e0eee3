"""The global IDs of teams, gatherings and team members."""

from __future__ import annotations

from uuid import UUID

import strawberry

from baxt.domain import validation as check
from baxt.domain.errors import InvalidInput
from baxt.graphql.core.node import global_id, parse_global_id

TEAM_TYPE = "InteragencyTeam"
GATHERING_TYPE = "Gathering"


def team_global_id(team_id: UUID) -> strawberry.ID:
    return global_id(TEAM_TYPE, str(team_id))


def gathering_global_id(gathering_id: UUID) -> strawberry.ID:
    return global_id(GATHERING_TYPE, str(gathering_id))


def uuid_of(kind: str, value: str, field: tuple[str, ...]) -> UUID:
    """The UUID in a global ID of `kind`; INVALID_INPUT when it is not one."""
    parsed = parse_global_id(check.safe(value, field))
    if parsed is None or parsed[0] != kind:
        raise InvalidInput(f"not the ID of a {kind}", field)
    try:
        return UUID(parsed[1])
    except ValueError:
        raise InvalidInput(f"not the ID of a {kind}", field) from None


def plain_uuid(value: str, field: tuple[str, ...]) -> UUID:
    """A team member's ID, which is a plain UUID; INVALID_INPUT otherwise."""
    try:
        return UUID(check.safe(value, field))
    except ValueError:
        raise InvalidInput("not a member ID", field) from None
