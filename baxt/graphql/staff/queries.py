from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.domain.staff import StaffRole
from baxt.graphql.context import Info
from baxt.graphql.staff.types import StaffMember


@strawberry.type
class Query:
    @strawberry.field(description="The roster, by place and role (admins and supervisors).")
    async def staff_members(
        self,
        info: Info,
        region: str | None = None,
        district: str | None = None,
        role: StaffRole | None = None,
    ) -> list[StaffMember]:
        info.context.allow(Operation.ROSTER_READ)
        members = await info.context.services.staff.matching(
            region=region, district=district, role=role
        )
        return [StaffMember.of(m) for m in members]
