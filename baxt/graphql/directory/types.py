from __future__ import annotations

import strawberry

from baxt.application.directory import LocationEntry, OrganisationEntry, ServiceEntry
from baxt.graphql.core.context import Info
from baxt.graphql.core.user_errors import UserError
from baxt.graphql.directory.enums import OrganisationKind, ServiceCategory, ServiceStatus


@strawberry.type(description="A place where an organisation delivers services.")
class Location:
    id: strawberry.ID
    organisation_id: strawberry.ID
    name: str
    address: str
    region: str
    district: str | None
    latitude: float | None
    longitude: float | None

    @classmethod
    def of(cls, entry: LocationEntry) -> Location:
        return cls(**vars(entry))


@strawberry.type(
    description="An organisation in the service directory; partner tokens carry its id as `org`."
)
class Organisation:
    id: strawberry.ID
    name: str
    kind: OrganisationKind
    description: str
    email: str | None
    website: str | None

    @strawberry.field(description="Where it delivers services.")
    async def locations(self, info: Info) -> list[Location]:
        entries = await info.context.loaders.locations.load(str(self.id))
        return [Location.of(entry) for entry in entries]

    @classmethod
    def of(cls, entry: OrganisationEntry) -> Organisation:
        return cls(**vars(entry))


@strawberry.type(description="A service in the directory: what, by whom, for whom and where.")
class Service:
    id: strawberry.ID
    organisation: Organisation
    name: str
    description: str
    category: ServiceCategory
    status: ServiceStatus
    minimum_age: int | None = strawberry.field(description="Youngest eligible age; null: any.")
    maximum_age: int | None = strawberry.field(description="Oldest eligible age, included.")
    regions: list[str] = strawberry.field(description="The regions it serves.")
    languages: list[str] = strawberry.field(description="ISO 639 codes, e.g. uz, ru, kaa.")
    locations: list[Location]

    @classmethod
    def of(
        cls, entry: ServiceEntry, organisation: OrganisationEntry, locations: list[LocationEntry]
    ) -> Service:
        return cls(
            id=strawberry.ID(entry.id),
            organisation=Organisation.of(organisation),
            name=entry.name,
            description=entry.description,
            category=entry.category,
            status=entry.status,
            minimum_age=entry.minimum_age,
            maximum_age=entry.maximum_age,
            regions=list(entry.regions),
            languages=list(entry.languages),
            locations=[Location.of(location) for location in locations],
        )


@strawberry.type
class SaveOrganisationPayload:
    organisation: Organisation | None
    user_errors: list[UserError]


@strawberry.type
class SaveServicePayload:
    service: Service | None
    user_errors: list[UserError]


@strawberry.type
class SaveLocationPayload:
    location: Location | None
    user_errors: list[UserError]
