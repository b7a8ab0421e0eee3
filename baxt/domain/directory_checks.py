"""Directory entries from what an admin typed: each field checked, a new ID when none is given."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import uuid4

from baxt.domain import directory as d
from baxt.domain import validation as check
from baxt.domain.directory import (
    LocationEntry,
    OrganisationEntry,
    OrganisationKind,
    ServiceEntry,
    ServiceStatus,
)
from baxt.domain.service_categories import ServiceCategory


def _id(value: str | None) -> str:
    return str(uuid4()) if value is None else d.entry_id(value, ("id",))


def checked_organisation(
    *,
    id: str | None,
    name: str,
    kind: OrganisationKind,
    description: str = "",
    email: str | None = None,
    website: str | None = None,
) -> OrganisationEntry:
    """The organisation, or INVALID_INPUT naming the first bad field."""
    return OrganisationEntry(
        id=_id(id),
        name=check.name(name, ("name",)),
        kind=kind,
        description=check.note(description, ("description",)),
        email=d.email(email, ("email",)),
        website=d.website(website, ("website",)),
    )


def checked_service(
    *,
    id: str | None,
    organisation_id: str,
    name: str,
    category: ServiceCategory,
    status: ServiceStatus,
    minimum_age: int | None,
    maximum_age: int | None,
    regions: Iterable[str],
    languages: Iterable[str],
    description: str = "",
    location_ids: Iterable[str] = (),
) -> ServiceEntry:
    """The service, or INVALID_INPUT naming the first bad field."""
    low, high = d.ages(minimum_age, maximum_age)
    return ServiceEntry(
        id=_id(id),
        organisation_id=d.entry_id(organisation_id, ("organisation_id",)),
        name=check.name(name, ("name",)),
        category=category,
        status=status,
        minimum_age=low,
        maximum_age=high,
        regions=d.regions(regions, ("regions",)),
        languages=d.languages(languages, ("languages",)),
        description=check.note(description, ("description",)),
        location_ids=tuple(dict.fromkeys(d.entry_id(i, ("location_ids",)) for i in location_ids)),
    )


def checked_location(
    *,
    id: str | None,
    organisation_id: str,
    name: str,
    address: str,
    region: str,
    district: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> LocationEntry:
    """The location, or INVALID_INPUT naming the first bad field."""
    return LocationEntry(
        id=_id(id),
        organisation_id=d.entry_id(organisation_id, ("organisation_id",)),
        name=check.name(name, ("name",)),
        address=check.note(address, ("address",), required=True),
        region=d.region(region, ("region",)),
        district=check.text(district or "", ("district",), required=False) or None,
        latitude=d.coordinate(latitude, 90, ("latitude",)),
        longitude=d.coordinate(longitude, 180, ("longitude",)),
    )
