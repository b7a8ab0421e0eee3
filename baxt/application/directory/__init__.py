"""The service directory (Open Referral HSDS 3.0 shaped): who offers which services, where."""

from __future__ import annotations

from baxt.application.directory.directory import ServiceDirectory
from baxt.application.directory.search import After, ServicePage, ServiceSearch
from baxt.application.directory.seed import seed_directory
from baxt.application.directory.seed_data import SOS_ORGANISATION_ID
from baxt.domain.directory import (
    DirectoryEntryNotFound,
    LocationEntry,
    OrganisationEntry,
    OrganisationKind,
    ServiceEntry,
    ServiceStatus,
)

__all__ = [
    "SOS_ORGANISATION_ID",
    "After",
    "DirectoryEntryNotFound",
    "LocationEntry",
    "OrganisationEntry",
    "OrganisationKind",
    "ServiceDirectory",
    "ServiceEntry",
    "ServicePage",
    "ServiceSearch",
    "ServiceStatus",
    "seed_directory",
]
