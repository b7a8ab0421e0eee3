from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.domain.directory_checks import (
    checked_location,
    checked_organisation,
    checked_service,
)
from baxt.domain.errors import DomainError
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.core.user_errors import user_error
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

WRITE = [Needs(Operation.DIRECTORY_WRITE)]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Adds an organisation to the directory, or updates it (admins).",
        permission_classes=WRITE,
    )
    async def save_organisation(
        self, info: Info, input: SaveOrganisationInput
    ) -> SaveOrganisationPayload:
        try:
            entry = checked_organisation(**vars(input))
        except DomainError as error:
            return SaveOrganisationPayload(organisation=None, user_errors=[user_error(error)])
        saved = await info.context.services.directory.save_organisation(entry)
        return SaveOrganisationPayload(organisation=Organisation.of(saved), user_errors=[])

    @strawberry.mutation(
        description="Adds a service to the directory, or updates it and where it is delivered"
        " (admins).",
        permission_classes=WRITE,
    )
    async def save_service(self, info: Info, input: SaveServiceInput) -> SaveServicePayload:
        directory = info.context.services.directory
        try:
            saved = await directory.save_service(checked_service(**vars(input)))
        except DomainError as error:
            return SaveServicePayload(service=None, user_errors=[user_error(error)])
        (service,) = await with_relations(info, [saved])
        return SaveServicePayload(service=service, user_errors=[])

    @strawberry.mutation(
        description="Adds a location to the directory, or updates it (admins).",
        permission_classes=WRITE,
    )
    async def save_location(self, info: Info, input: SaveLocationInput) -> SaveLocationPayload:
        directory = info.context.services.directory
        try:
            saved = await directory.save_location(checked_location(**vars(input)))
        except DomainError as error:
            return SaveLocationPayload(location=None, user_errors=[user_error(error)])
        return SaveLocationPayload(location=Location.of(saved), user_errors=[])
