from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from baxt.domain.languages import LANGUAGES as LANGUAGES


class StaffRole(Enum):
    """The job a staff member holds on the roster: who cases can be assigned to, who is told of
    a safety concern. Each is also the access role its holder signs in with (`Role`), but
    most access roles (auditor, analyst, partner, admin) are no job on the roster."""

    CASEWORKER = "CASEWORKER"
    SUPERVISOR = "SUPERVISOR"


@dataclass(frozen=True)
class StaffMember:
    """Someone on the roster: where they work, how to reach them, in which language."""

    user_id: str
    full_name: str
    role: StaffRole
    email: str | None
    phone: str | None
    language: str
    region: str
    district: str
    mahallas: tuple[str, ...]
    capacity: int
