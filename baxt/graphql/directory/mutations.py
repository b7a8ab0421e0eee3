from __future__ import annotations

import strawberry

from baxt.application.access_policy import Operation
from baxt.domain.directory_checks import (
    checked_location,
    checked_organisation,
    checked_service,
)
from baxt.domain.errors import DomainError
from baxt.graphql.cases.types import UserError
from baxt.graphql.context import Info
from baxt.graphql.directory.inputs import (
    SaveLocationInput,
    SaveOrganisationInput,
    SaveServiceInput,
)
from baxt.graphql.directory.loading import with_relations
from baxt.graphql.directory.types import (
    Location,
    Organisation,
    SaveLocationPayload,
    SaveOrganisationPayload,
    SaveServicePayload,
)
from baxt.graphql.errors import to_field_path


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Adds an organisation to the directory, or updates it (admins)."
    )
    async def save_organisation(
        self, info: Info, input: SaveOrganisationInput
    ) -> SaveOrganisationPayload:
        info.context.allow(Operation.DIRECTORY_WRITE)
        try:
            entry = checked_organisation(**vars(input))
        except DomainError as error:
            return SaveOrganisationPayload(organisation=None, user_errors=[user_error(error)])
        saved = await info.context.services.directory.save_organisation(entry)
        return SaveOrganisationPayload(organisation=Organisation.of(saved), user_errors=[])

    @strawberry.mutation(
        description="Adds a service to the directory, or updates it and where it is delivered"
        " (admins)."
    )
    async def save_service(self, info: Info, input: SaveServiceInput) -> SaveServicePayload:
        info.context.allow(Operation.DIRECTORY_WRITE)
        directory = info.context.services.directory
        try:
            saved = await directory.save_service(checked_service(**vars(input)))
        except DomainError as error:
            return SaveServicePayload(service=None, user_errors=[user_error(error)])
        (service,) = await with_relations(info, [saved])
        return SaveServicePayload(service=service, user_errors=[])

    @strawberry.mutation(description="Adds a location to the directory, or updates it (admins).")
    async def save_location(self, info: Info, input: SaveLocationInput) -> SaveLocationPayload:
        info.context.allow(Operation.DIRECTORY_WRITE)
        directory = info.context.services.directory
        try:
            saved = await directory.save_location(checked_location(**vars(input)))
        except DomainError as error:
            return SaveLocationPayload(location=None, user_errors=[user_error(error)])
        return SaveLocationPayload(location=Location.of(saved), user_errors=[])


def user_error(error: DomainError) -> UserError:
    """The refused input field, as the client named it, with the error's stable code."""
    field = to_field_path(error.field) if error.field else None
    return UserError(field=field, message=error.message, code=error.code)
