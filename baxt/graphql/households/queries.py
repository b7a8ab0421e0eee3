"""Reading a household record: by its ID, or as a node."""

from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.domain.errors import DomainError
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.households.ids import household_uuid
from baxt.graphql.households.types import HouseholdNode


async def read_household(info: Info, id: str) -> HouseholdNode | None:
    """The household by its global ID, once the read is in the access log; None when there is
    none or it is out of reach."""
    try:
        household_id = household_uuid(id, ("id",))
    except DomainError:
        return None
    row = await info.context.households.get(household_id, info.context.view)
    if row is None:
        return None
    await record_case_reads(info, [row.household_id])
    return HouseholdNode.from_row(row)


@strawberry.type
class Query:
    @strawberry.field(
        description="One household record by its ID; null when there is none or it is out of"
        " your reach (its place).",
        permission_classes=[Needs(Operation.READ_CASES)],
    )
    async def household(self, info: Info, id: strawberry.ID) -> HouseholdNode | None:
        return await read_household(info, id)
