from __future__ import annotations

import strawberry

from baxt.graphql.directory.enums import OrganisationKind, ServiceCategory, ServiceStatus

_NEW = "Leave out to add a new entry; give an existing id to update it."


@strawberry.input
class SaveOrganisationInput:
    id: strawberry.ID | None = strawberry.field(default=None, description=_NEW)
    name: str
    kind: OrganisationKind
    description: str = ""
    email: str | None = None
    website: str | None = strawberry.field(default=None, description="An http(s) address.")


@strawberry.input
class SaveServiceInput:
    id: strawberry.ID | None = strawberry.field(default=None, description=_NEW)
    organisation_id: strawberry.ID
    name: str
    description: str = ""
    category: ServiceCategory
    status: ServiceStatus = ServiceStatus.ACTIVE
    minimum_age: int | None = None
    maximum_age: int | None = None
    regions: list[str] = strawberry.field(
        description="Regions of Uzbekistan, e.g. Xorazm viloyati."
    )
    languages: list[str] = strawberry.field(
        default_factory=lambda: ["uz"], description="ISO 639 codes: uz, ru, kaa, en, ko, …"
    )
    location_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Where it is delivered; replaces the earlier list."
    )


@strawberry.input
class SaveLocationInput:
    id: strawberry.ID | None = strawberry.field(default=None, description=_NEW)
    organisation_id: strawberry.ID
    name: str
    address: str
    region: str
    district: str | None = None
    latitude: float | None = None
    longitude: float | None = None
