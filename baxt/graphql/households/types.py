"""The HouseholdRecord node: a family's guardians, address, members and children's cases."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import strawberry

from baxt.application.households.rows import HouseholdRow
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.context import Info
from baxt.graphql.core.node import Node
from baxt.graphql.households.ids import household_global_id


@strawberry.type(description="A parent or guardian of a household's children.")
class Guardian:
    full_name: str
    phone: str = strawberry.field(description="International form; masked for some roles.")
    relation: str = strawberry.field(description="How they are related to the children.")


@strawberry.type(description="Where a household lives.")
class HouseholdAddress:
    region: str
    district: str
    mahalla: str
    line: str = strawberry.field(description="The street address.")


@strawberry.type(description="Someone who lives in a household besides its guardians.")
class HouseholdMember:
    full_name: str
    birth_date: dt.date | None
    relation: str


@strawberry.type(
    name="HouseholdRecord",
    description="A family's household record, which its children's cases link to; one home"
    " visit may be recorded for all its children at once.",
)
class HouseholdNode(Node):
    household_id: strawberry.Private[UUID]
    guardians: list[Guardian]
    address: HouseholdAddress
    members: list[HouseholdMember]
    erased: bool = strawberry.field(description="true once its personal data was erased.")
    version: int
    registered_at: dt.datetime
    updated_at: dt.datetime

    @strawberry.field(
        description="The children's cases linked to this household that you reach, the"
        " longest flagged first."
    )
    async def cases(self, info: Info) -> list[CaseNode]:
        rows = await info.context.households.cases_of(self.household_id, info.context.view)
        await record_case_reads(info, [row.case_id for row in rows])
        return [CaseNode.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: HouseholdRow) -> HouseholdNode:
        return cls(
            id=household_global_id(row.household_id),
            household_id=row.household_id,
            guardians=[Guardian(**vars(g)) for g in row.guardians],
            address=HouseholdAddress(**vars(row.address)),
            members=[HouseholdMember(**vars(m)) for m in row.members],
            erased=row.erased,
            version=row.version,
            registered_at=row.registered_at,
            updated_at=row.updated_at,
        )
