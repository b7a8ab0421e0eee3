"""What a directory search asks for, and one page of its answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from baxt.domain.directory import ServiceEntry, ServiceStatus
from baxt.domain.service_categories import ServiceCategory


@dataclass(frozen=True)
class ServiceSearch:
    """Services of a category, offered in a region, to a child of an age; all when unset."""

    category: ServiceCategory | None = None
    region: str | None = None
    age: int | None = None
    status: ServiceStatus | None = None
    organisation_id: str | None = None

    def params(self) -> dict[str, Any]:
        return {
            "category": self.category.value if self.category else None,
            "status": self.status.value if self.status else None,
            "region": self.region,
            "age": self.age,
            "organisation_id": self.organisation_id,
        }


@dataclass(frozen=True)
class After:
    """Where a keyset page starts: after the service with this name and ID."""

    name: str
    id: str


@dataclass(frozen=True)
class ServicePage:
    """Services in name order; `total` counts every match (numbered pages only)."""

    entries: list[ServiceEntry]
    has_next: bool = False
    total: int = 0
