from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.domain.staff import StaffRole
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.staff.types import StaffMember


@strawberry.type
class Query:
    @strawberry.field(
        description="The roster, by place and role (admins and supervisors).",
        permission_classes=[Needs(Operation.ROSTER_READ)],
    )
    async def staff_members(
        self,
        info: Info,
        region: str | None = None,
        district: str | None = None,
        role: StaffRole | None = None,
    ) -> list[StaffMember]:
        members = await info.context.services.staff.matching(
            region=region, district=district, role=role
        )
        return [StaffMember.of(m) for m in members]
