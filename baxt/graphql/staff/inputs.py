from __future__ import annotations

import strawberry

from baxt.domain.staff import StaffRole


@strawberry.input
class StaffMemberInput:
    user_id: str
    full_name: str
    role: StaffRole
    email: str | None = None
    phone: str | None = strawberry.field(default=None, description="e.g. +998901234567")
    language: str = strawberry.field(default="uz-Latn", description="uz-Latn, uz-Cyrl, ru, kk, en")
    region: str
    district: str
    mahallas: list[str] = strawberry.field(
        default_factory=list, description="Empty: the whole district."
    )
    capacity: int = strawberry.field(default=0, description="How many open cases they can hold.")


@strawberry.input
class ImportRosterInput:
    csv: str = strawberry.field(
        description="A roster CSV: user_id, full_name, role, email, phone, language, region,"
        " district, mahallas (separated by ;), capacity."
    )
