from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import psycopg

from baxt.domain import validation as check
from baxt.domain.errors import DomainError
from baxt.domain.staff import LANGUAGES, StaffMember, StaffRole

COLUMNS = (
    "user_id", "full_name", "role", "email", "phone", "language",
    "region", "district", "mahallas", "capacity",
)  # fmt: skip


@dataclass(frozen=True)
class RejectedRow:
    """A roster line that was not imported, and why."""

    line: int
    reason: str


def parse_roster(lines: Iterable[str]) -> tuple[list[StaffMember], list[RejectedRow]]:
    """Reads a roster CSV (header row first); bad rows are rejected, good ones kept."""
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        return [], [RejectedRow(1, f"missing columns: {', '.join(missing)}")]
    members: dict[str, StaffMember] = {}
    rejected: list[RejectedRow] = []
    for row in reader:
        try:
            member = member_from(row)
        except (DomainError, ValueError) as error:
            rejected.append(RejectedRow(reader.line_num, str(error)))
            continue
        if member.user_id in members:
            rejected.append(RejectedRow(reader.line_num, f"user {member.user_id} appears twice"))
            continue
        members[member.user_id] = member
    return list(members.values()), rejected


def member_from(row: dict[str, str]) -> StaffMember:
    """A staff member from text fields as the roster CSV has them; raises on bad ones."""
    language = (row["language"] or "uz-Latn").strip()
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    email = check.safe(row["email"].strip(), ("email",)) or None
    if email is not None and "@" not in email:
        raise ValueError(f"not an email address: {email!r}")
    phone = row["phone"].strip()
    capacity = int(row["capacity"] or 0)
    if capacity < 0:
        raise ValueError("capacity cannot be negative")
    return StaffMember(
        user_id=check.text(row["user_id"], ("user_id",)),
        full_name=check.name(row["full_name"], ("full_name",)),
        role=StaffRole(row["role"].strip().upper()),
        email=email,
        phone=check.phone(phone, ("phone",)) if phone else None,
        language=language,
        region=check.text(row["region"], ("region",)),
        district=check.text(row["district"], ("district",)),
        mahallas=tuple(
            check.name(m, ("mahallas",)) for m in row["mahallas"].split(";") if m.strip()
        ),
        capacity=capacity,
    )


UPSERT = (
    "INSERT INTO staff (user_id, full_name, role, email, phone, language, region,"
    " district, mahallas, capacity) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    " ON CONFLICT (user_id) DO UPDATE SET full_name = excluded.full_name,"
    " role = excluded.role, email = excluded.email, phone = excluded.phone,"
    " language = excluded.language, region = excluded.region,"
    " district = excluded.district, mahallas = excluded.mahallas,"
    " capacity = excluded.capacity"
)


def staff_params(member: StaffMember) -> tuple[object, ...]:
    m = member
    return (m.user_id, m.full_name, m.role.value, m.email, m.phone, m.language,
            m.region, m.district, list(m.mahallas), m.capacity)  # fmt: skip


def save_roster(conninfo: str, members: Sequence[StaffMember]) -> None:
    """Adds the members to the roster, or updates those already on it, in one transaction."""
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        cur.executemany(UPSERT, [staff_params(m) for m in members])
