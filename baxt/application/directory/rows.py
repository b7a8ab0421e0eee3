"""Directory entries to and from the rows of the directory's tables."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from baxt.domain.directory import (
    LocationEntry,
    OrganisationEntry,
    OrganisationKind,
    ServiceEntry,
    ServiceStatus,
)
from baxt.domain.service_categories import ServiceCategory


def organisation_from(row: dict[str, Any]) -> OrganisationEntry:
    return OrganisationEntry(**(row | {"kind": OrganisationKind(row["kind"])}))


def service_from(row: dict[str, Any]) -> ServiceEntry:
    return ServiceEntry(
        **row
        | {
            "category": ServiceCategory(row["category"]),
            "status": ServiceStatus(row["status"]),
            "regions": tuple(row["regions"]),
            "languages": tuple(row["languages"]),
            "location_ids": tuple(row["location_ids"]),
        }
    )


def location_from(row: dict[str, Any]) -> LocationEntry:
    return LocationEntry(**row)


def params(entry: OrganisationEntry | ServiceEntry | LocationEntry) -> dict[str, Any]:
    """The entry's fields as query parameters: enums by value, tuples as lists."""
    fields = asdict(entry)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
