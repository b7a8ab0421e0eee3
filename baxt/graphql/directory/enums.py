from __future__ import annotations

import strawberry

from baxt.domain.directory import OrganisationKind, ServiceStatus
from baxt.domain.service_categories import ServiceCategory

strawberry.enum(ServiceCategory, name="ServiceCategory", description="The service taxonomy.")
strawberry.enum(ServiceStatus, name="ServiceStatus", description="As HSDS 3.0 names the states.")
strawberry.enum(OrganisationKind, name="OrganisationKind")

__all__ = ["OrganisationKind", "ServiceCategory", "ServiceStatus"]
