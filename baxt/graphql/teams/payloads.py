"""The payloads of the team mutations."""

from __future__ import annotations

import strawberry

from baxt.graphql.cases.payloads import CasePayload
from baxt.graphql.core.user_errors import UserError
from baxt.graphql.teams.types import GatheringNode, TeamNode


@strawberry.type
class TeamPayload:
    team: TeamNode | None
    user_errors: list[UserError]


@strawberry.type
class RecordGatheringPayload:
    gathering: GatheringNode | None
    user_errors: list[UserError]


@strawberry.type
class RecordConferenceDecisionPayload(CasePayload):
    pass
