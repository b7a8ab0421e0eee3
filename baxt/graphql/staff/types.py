from __future__ import annotations

import strawberry

from baxt.domain.staff import StaffMember as Member
from baxt.domain.staff import StaffRole
from baxt.graphql.core.user_errors import UserError

strawberry.enum(StaffRole, name="StaffRole")


@strawberry.type
class StaffMember:
    """Someone on the roster: where they work, how many cases they can hold."""

    user_id: str
    full_name: str
    role: StaffRole
    email: str | None
    phone: str | None
    language: str
    region: str
    district: str
    mahallas: list[str] = strawberry.field(description="Empty: the whole district.")
    capacity: int

    @classmethod
    def of(cls, member: Member) -> StaffMember:
        return cls(**(vars(member) | {"mahallas": list(member.mahallas)}))


@strawberry.type
class SaveStaffMemberPayload:
    staff_member: StaffMember | None
    user_errors: list[UserError]


@strawberry.type
class RosterRejection:
    line: int
    reason: str


@strawberry.type
class ImportRosterPayload:
    imported: list[StaffMember]
    rejected: list[RosterRejection]
