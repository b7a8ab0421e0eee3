from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

LANGUAGES = ("uz-Latn", "uz-Cyrl", "ru", "kk", "en")


class StaffRole(Enum):
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
