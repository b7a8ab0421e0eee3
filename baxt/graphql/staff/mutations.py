from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.roster import member_from
from baxt.domain.errors import DomainError
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.core.user_errors import UserError, invalid_input, user_error
from baxt.graphql.staff.inputs import ImportRosterInput, StaffMemberInput
from baxt.graphql.staff.types import (
    ImportRosterPayload,
    RosterRejection,
    SaveStaffMemberPayload,
    StaffMember,
)

WRITE = [Needs(Operation.ROSTER_WRITE)]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Adds someone to the roster, or updates them (admins).",
        permission_classes=WRITE,
    )
    async def save_staff_member(
        self, info: Info, input: StaffMemberInput
    ) -> SaveStaffMemberPayload:
        fields = {k: "" if v is None else str(v) for k, v in vars(input).items()}
        fields |= {"role": input.role.value, "mahallas": ";".join(input.mahallas)}
        try:
            member = member_from(fields)
        except (DomainError, ValueError) as error:
            return SaveStaffMemberPayload(staff_member=None, user_errors=[_user_error(error)])
        await info.context.services.staff.save([member])
        return SaveStaffMemberPayload(staff_member=StaffMember.of(member), user_errors=[])

    @strawberry.mutation(
        description="Imports a roster CSV (admins): good rows are saved, bad ones listed by line.",
        permission_classes=WRITE,
    )
    async def import_roster(self, info: Info, input: ImportRosterInput) -> ImportRosterPayload:
        members, rejected = await info.context.services.staff.import_csv(input.csv)
        return ImportRosterPayload(
            imported=[StaffMember.of(m) for m in members],
            rejected=[RosterRejection(line=r.line, reason=r.reason) for r in rejected],
        )


def _user_error(error: DomainError | ValueError) -> UserError:
    return user_error(error) if isinstance(error, DomainError) else invalid_input(error)
