from __future__ import annotations

import io
from typing import Any

from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.roster import UPSERT, RejectedRow, parse_roster, staff_params
from baxt.domain.characters import unsafe_character
from baxt.domain.staff import StaffMember, StaffRole

_SELECT = (
    "SELECT user_id, full_name, role, email, phone, language, region, district, mahallas,"
    " capacity FROM staff"
)
_MATCHING = (
    _SELECT + " WHERE (%(region)s::text IS NULL OR region = %(region)s)"
    " AND (%(district)s::text IS NULL OR district = %(district)s)"
    " AND (%(role)s::text IS NULL OR role = %(role)s) ORDER BY region, district, user_id"
)


class StaffDirectory:
    """The roster as the API reads and manages it."""

    def __init__(self, pool: AsyncConnectionPool[Any]) -> None:
        self._pool = pool

    async def get(self, user_id: str) -> StaffMember | None:
        """The member with this user ID; None when there is none, as for an ID holding a
        character no ID may hold (see `baxt.domain.characters`)."""
        if unsafe_character(user_id) is not None:
            return None
        rows = await self._fetch(_SELECT + " WHERE user_id = %(user_id)s", {"user_id": user_id})
        return rows[0] if rows else None

    async def matching(
        self, *, region: str | None, district: str | None, role: StaffRole | None
    ) -> list[StaffMember]:
        params = {"region": region, "district": district, "role": role.value if role else None}
        return await self._fetch(_MATCHING, params)

    async def save(self, members: list[StaffMember]) -> None:
        """Adds or updates the members, all in one transaction."""
        async with self._pool.connection() as conn, conn.cursor() as cur:
            await cur.executemany(UPSERT, [staff_params(m) for m in members])

    async def import_csv(self, text: str) -> tuple[list[StaffMember], list[RejectedRow]]:
        """Imports a roster CSV: good rows are saved, bad ones are returned with their line."""
        members, rejected = parse_roster(io.StringIO(text))
        await self.save(members)
        return members, rejected

    async def _fetch(self, query: str, params: dict[str, Any]) -> list[StaffMember]:
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query.encode(), params)
            rows = await cur.fetchall()
        return [_member(row) for row in rows]


def _member(row: dict[str, Any]) -> StaffMember:
    fields = row | {"role": StaffRole(row["role"]), "mahallas": tuple(row["mahallas"])}
    return StaffMember(**fields)
