"""Directory entries as HSDS 3.0 JSON objects: a service with its organization, service areas,
languages, eligibility, category (as a taxonomy term) and locations nested."""

from __future__ import annotations

from typing import Any
from uuid import uuid5

from baxt.application.directory import LocationEntry, OrganisationEntry, ServiceEntry
from baxt.application.directory.seed_data import DIRECTORY_NAMESPACE
from baxt.domain.directory import ServiceStatus
from baxt.hsds.taxonomy import taxonomy_term, term_id

LANGUAGE_NAMES = {
    "uz": "Uzbek", "ru": "Russian", "kaa": "Karakalpak", "en": "English", "ko": "Korean",
    "kk": "Kazakh", "tg": "Tajik", "tk": "Turkmen", "ky": "Kyrgyz",
}  # fmt: skip
STATUS = {
    ServiceStatus.ACTIVE: "active",
    ServiceStatus.INACTIVE: "inactive",
    ServiceStatus.DEFUNCT: "defunct",
    ServiceStatus.TEMPORARILY_CLOSED: "temporarily closed",
}


def _child_id(*parts: str) -> str:
    return str(uuid5(DIRECTORY_NAMESPACE, "/".join(parts)))


def organization(entry: OrganisationEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "name": entry.name,
        "alternate_name": None,
        "description": entry.description,
        "email": entry.email,
        "website": entry.website,
        "legal_status": entry.kind.value,
    }


def location(entry: LocationEntry) -> dict[str, Any]:
    address = {
        "id": _child_id("address", entry.id),
        "location_id": entry.id,
        "attention": None,
        "address_1": entry.address,
        "address_2": None,
        "city": entry.district or "",
        "region": entry.region,
        "state_province": entry.region,
        "postal_code": "",
        "country": "UZ",
        "address_type": "physical",
    }
    return {
        "id": entry.id,
        "location_type": "physical",
        "organization_id": entry.organisation_id,
        "name": entry.name,
        "latitude": entry.latitude,
        "longitude": entry.longitude,
        "addresses": [address],
    }


def service(
    entry: ServiceEntry, owner: OrganisationEntry, places: list[LocationEntry]
) -> dict[str, Any]:
    """The service as HSDS 3.0 nests it."""
    return {
        "id": entry.id,
        "organization_id": entry.organisation_id,
        "name": entry.name,
        "alternate_name": None,
        "description": entry.description,
        "status": STATUS[entry.status],
        "eligibility_description": eligibility(entry),
        "minimum_age": entry.minimum_age,
        "maximum_age": entry.maximum_age,
        "organization": organization(owner),
        "service_areas": [_area(entry, region) for region in entry.regions],
        "languages": [_language(entry, code) for code in entry.languages],
        "attributes": [_category(entry)],
        "service_at_locations": [_at(entry, place) for place in places],
    }


def eligibility(entry: ServiceEntry) -> str:
    low, high = entry.minimum_age, entry.maximum_age
    if low is None and high is None:
        return "Any age"
    if high is None:
        return f"Aged {low} and over"
    return f"Aged {low or 0} to {high}"


def _area(entry: ServiceEntry, region: str) -> dict[str, Any]:
    return {
        "id": _child_id("service_area", entry.id, region),
        "service_id": entry.id,
        "name": region,
        "description": None,
        "extent": None,
        "extent_type": None,
        "uri": None,
    }


def _language(entry: ServiceEntry, code: str) -> dict[str, Any]:
    return {
        "id": _child_id("language", entry.id, code),
        "service_id": entry.id,
        "location_id": None,
        "phone_id": None,
        "name": LANGUAGE_NAMES.get(code, code),
        "code": code,
        "note": None,
    }


def _category(entry: ServiceEntry) -> dict[str, Any]:
    return {
        "id": _child_id("attribute", entry.id, "category"),
        "link_id": entry.id,
        "link_type": "service_category",
        "link_entity": "service",
        "taxonomy_term_id": term_id(entry.category),
        "value": entry.category.value,
        "taxonomy_term": taxonomy_term(entry.category),
    }


def _at(entry: ServiceEntry, place: LocationEntry) -> dict[str, Any]:
    return {
        "id": _child_id("service_at_location", entry.id, place.id),
        "service_id": entry.id,
        "location_id": place.id,
        "description": None,
        "location": location(place),
    }
