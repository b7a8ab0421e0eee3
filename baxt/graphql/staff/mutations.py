from __future__ import annotations

import strawberry

from baxt.application.roster import member_from
from baxt.domain.errors import DomainError
from baxt.graphql.cases.types import UserError
from baxt.graphql.context import Info
from baxt.graphql.errors import to_field_path
from baxt.graphql.staff.inputs import ImportRosterInput, StaffMemberInput
from baxt.graphql.staff.types import (
    ImportRosterPayload,
    RosterRejection,
    SaveStaffMemberPayload,
    StaffMember,
)
from baxt.identity import Role


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Adds someone to the roster, or updates them (admins).")
    async def save_staff_member(
        self, info: Info, input: StaffMemberInput
    ) -> SaveStaffMemberPayload:
        info.context.require(Role.ADMIN)
        fields = {k: "" if v is None else str(v) for k, v in vars(input).items()}
        fields |= {"role": input.role.value, "mahallas": ";".join(input.mahallas)}
        try:
            member = member_from(fields)
        except (DomainError, ValueError) as error:
            return SaveStaffMemberPayload(staff_member=None, user_errors=[_user_error(error)])
        await info.context.services.staff.save([member])
        return SaveStaffMemberPayload(staff_member=StaffMember.of(member), user_errors=[])

    @strawberry.mutation(
        description="Imports a roster CSV (admins): good rows are saved, bad ones listed by line."
    )
    async def import_roster(self, info: Info, input: ImportRosterInput) -> ImportRosterPayload:
        info.context.require(Role.ADMIN)
        members, rejected = await info.context.services.staff.import_csv(input.csv)
        return ImportRosterPayload(
            imported=[StaffMember.of(m) for m in members],
            rejected=[RosterRejection(line=r.line, reason=r.reason) for r in rejected],
        )


def _user_error(error: Exception) -> UserError:
    if isinstance(error, DomainError):
        field = to_field_path(error.field) if error.field else None
        return UserError(field=field, message=error.message, code=error.code)
    return UserError(field=None, message=str(error), code="INVALID_INPUT")
