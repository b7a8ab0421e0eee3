"""The service directory: organisations, the services they offer and where (HSDS 3.0 shaped)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from baxt.domain import validation as check
from baxt.domain.errors import DomainError, InvalidInput
from baxt.domain.regions import REGIONS
from baxt.domain.service_categories import ServiceCategory

LANGUAGES = ("uz", "ru", "kaa", "en", "ko", "kk", "tg", "tk", "ky")
"""The languages a service can be offered in (ISO 639 codes)."""
OLDEST = 120
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class OrganisationKind(StrEnum):
    GOVERNMENT = "GOVERNMENT"
    NGO = "NGO"
    INTERNATIONAL = "INTERNATIONAL"
    PRIVATE = "PRIVATE"


class ServiceStatus(StrEnum):
    """Whether a service takes referrals, as HSDS 3.0 names the states."""

    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"
    DEFUNCT = "DEFUNCT"
    TEMPORARILY_CLOSED = "TEMPORARILY_CLOSED"


class DirectoryEntryNotFound(DomainError):
    """Raised when an entry names an organisation or location the directory does not hold."""

    code = "NOT_FOUND"


@dataclass(frozen=True)
class OrganisationEntry:
    """An organisation that provides services; its ID is what partner tokens carry as `org`."""

    id: str
    name: str
    kind: OrganisationKind
    description: str = ""
    email: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class ServiceEntry:
    """A service an organisation offers: its category, who is eligible, where and in which
    languages."""

    id: str
    organisation_id: str
    name: str
    category: ServiceCategory
    status: ServiceStatus
    minimum_age: int | None
    maximum_age: int | None
    regions: tuple[str, ...]
    languages: tuple[str, ...]
    description: str = ""
    location_ids: tuple[str, ...] = ()

    def serves(self, age: int) -> bool:
        """Whether a child of `age` is within the service's age range (both ends included)."""
        above = self.minimum_age is None or self.minimum_age <= age
        return above and (self.maximum_age is None or age <= self.maximum_age)


@dataclass(frozen=True)
class LocationEntry:
    """A place where an organisation delivers services."""

    id: str
    organisation_id: str
    name: str
    address: str
    region: str
    district: str | None = None
    latitude: float | None = None
    longitude: float | None = None


def entry_id(value: str, field: Sequence[str]) -> str:
    """A directory ID (a UUID) in its canonical text form; INVALID_INPUT otherwise."""
    try:
        return str(UUID(value.strip()))
    except ValueError:
        raise InvalidInput(f"{field[-1]} must be a UUID", field) from None


def region(value: str, field: Sequence[str]) -> str:
    cleaned = value.strip()
    if cleaned not in REGIONS:
        raise InvalidInput(f"not a region of Uzbekistan: {value!r}", field)
    return cleaned


def regions(values: Iterable[str], field: Sequence[str]) -> tuple[str, ...]:
    """Regions of Uzbekistan, each once; at least one."""
    chosen = tuple(dict.fromkeys(region(v, field) for v in values))
    if not chosen:
        raise InvalidInput(f"{field[-1]} must name at least one region", field)
    return chosen


def languages(values: Iterable[str], field: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip().lower() for v in values))
    unknown = [v for v in chosen if v not in LANGUAGES]
    if unknown or not chosen:
        raise InvalidInput(f"{field[-1]} must be some of {', '.join(LANGUAGES)}", field)
    return chosen


def ages(minimum: int | None, maximum: int | None) -> tuple[int | None, int | None]:
    for value, name in ((minimum, "minimum_age"), (maximum, "maximum_age")):
        if value is not None and not 0 <= value <= OLDEST:
            raise InvalidInput(f"{name} must be between 0 and {OLDEST}", (name,))
    if minimum is not None and maximum is not None and minimum > maximum:
        raise InvalidInput("minimum_age must not be above maximum_age", ("minimum_age",))
    return minimum, maximum


def email(value: str | None, field: Sequence[str]) -> str | None:
    cleaned = check.safe((value or "").strip(), field) or None
    if cleaned is not None and not _EMAIL.fullmatch(cleaned):
        raise InvalidInput(f"not an email address: {cleaned!r}", field)
    return cleaned


def website(value: str | None, field: Sequence[str]) -> str | None:
    cleaned = check.safe((value or "").strip(), field) or None
    if cleaned is not None and (len(cleaned) > check.SHORT_TEXT or not _WEBSITE.fullmatch(cleaned)):
        raise InvalidInput("website must be an http(s) address", field)
    return cleaned


def coordinate(value: float | None, limit: float, field: Sequence[str]) -> float | None:
    if value is not None and not -limit <= value <= limit:
        raise InvalidInput(f"{field[-1]} must be between -{limit:g} and {limit:g}", field)
    return value
