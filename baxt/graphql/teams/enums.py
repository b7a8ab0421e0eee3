"""The teams' enums, as the schema names them."""

from __future__ import annotations

import strawberry

from baxt.domain.teams import values

AgencyKind = strawberry.enum(
    values.AgencyKind, description="The agency a team member or a participant comes from."
)
GatheringKind = strawberry.enum(
    values.GatheringKind,
    description="What a gathering was: a team meeting, a seminar, a study tour, a parenting"
    " training, or a case conference on some cases.",
)
