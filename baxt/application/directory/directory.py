"""The service directory as the API reads and admins keep it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from psycopg import AsyncCursor
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.directory import sql
from baxt.application.directory.rows import location_from, organisation_from, params, service_from
from baxt.application.directory.search import After, ServicePage, ServiceSearch
from baxt.domain.directory import (
    DirectoryEntryNotFound,
    LocationEntry,
    OrganisationEntry,
    ServiceEntry,
)


def _uuid(value: str) -> str | None:
    try:
        return str(UUID(value))
    except ValueError:
        return None


class ServiceDirectory:
    """Organisations, their services and locations: reads for every caller, writes for admins."""

    def __init__(self, pool: AsyncConnectionPool[Any]) -> None:
        self._pool = pool

    async def service(self, service_id: str) -> ServiceEntry | None:
        """The service with this ID; None when there is none (or the ID is no UUID)."""
        rows = await self._ids(
            sql.SELECT_SERVICES + " WHERE s.id = ANY(%(ids)s::uuid[])", [service_id]
        )
        return service_from(rows[0]) if rows else None

    async def organisation(self, organisation_id: str) -> OrganisationEntry | None:
        """The organisation with this ID; None when there is none (or the ID is no UUID)."""
        found = await self.organisations_by_id([organisation_id])
        return found.get(_uuid(organisation_id) or "")

    async def organisations(self) -> list[OrganisationEntry]:
        rows = await self._fetch(sql.SELECT_ORGANISATIONS + " ORDER BY name, id", {})
        return [organisation_from(row) for row in rows]

    async def organisations_by_id(self, ids: Iterable[str]) -> dict[str, OrganisationEntry]:
        query = sql.SELECT_ORGANISATIONS + " WHERE id = ANY(%(ids)s::uuid[])"
        entries = [organisation_from(row) for row in await self._ids(query, ids)]
        return {entry.id: entry for entry in entries}

    async def locations_by_id(self, ids: Iterable[str]) -> dict[str, LocationEntry]:
        query = sql.SELECT_LOCATIONS + " WHERE id = ANY(%(ids)s::uuid[]) ORDER BY name, id"
        entries = [location_from(row) for row in await self._ids(query, ids)]
        return {entry.id: entry for entry in entries}

    async def locations_of(self, organisation_id: str) -> list[LocationEntry]:
        found = await self.locations_of_each([organisation_id])
        return found.get(_uuid(organisation_id) or "", [])

    async def locations_of_each(
        self, organisation_ids: Iterable[str]
    ) -> dict[str, list[LocationEntry]]:
        """Each organisation's locations by name, in one query; an organisation with none
        is left out."""
        query = (
            sql.SELECT_LOCATIONS + " WHERE organisation_id = ANY(%(ids)s::uuid[]) ORDER BY name, id"
        )
        found: dict[str, list[LocationEntry]] = {}
        for row in await self._ids(query, organisation_ids):
            entry = location_from(row)
            found.setdefault(entry.organisation_id, []).append(entry)
        return found

    async def services(
        self, search: ServiceSearch, *, first: int, after: After | None = None
    ) -> ServicePage:
        """Up to `first` matching services in name order, after the one `after` names."""
        where = {
            "after_name": after.name if after else None,
            "after_id": after.id if after else None,
        }
        rows = await self._fetch(sql.KEYSET_PAGE, search.params() | where | {"limit": first + 1})
        entries = [service_from(row) for row in rows]
        return ServicePage(entries[:first], has_next=len(entries) > first)

    async def count(self, search: ServiceSearch) -> int:
        """How many services match `search`, every page."""
        return int((await self._fetch(sql.COUNT, search.params()))[0]["count"])

    async def numbered_page(
        self, search: ServiceSearch, *, page: int, per_page: int
    ) -> ServicePage:
        """Page `page` (from 1) of `per_page` matching services in name order, with the total."""
        limits = {"limit": per_page, "offset": (page - 1) * per_page}
        rows = await self._fetch(sql.NUMBERED_PAGE, search.params() | limits)
        total = (await self._fetch(sql.COUNT, search.params()))[0]["count"]
        entries = [service_from(row) for row in rows]
        return ServicePage(entries, has_next=page * per_page < total, total=total)

    async def save_organisation(self, entry: OrganisationEntry) -> OrganisationEntry:
        """Adds the organisation, or updates the one with its ID."""
        async with self._pool.connection() as conn, conn.cursor() as cur:
            await cur.execute(sql.UPSERT_ORGANISATION, params(entry))
        return entry

    async def save_service(self, entry: ServiceEntry) -> ServiceEntry:
        """Adds or updates the service and where it is delivered; NOT_FOUND for an unknown
        organisation or location."""
        values = params(entry)
        async with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            await _require_organisation(cur, values)
            await _require_locations(cur, values)
            await cur.execute(sql.UPSERT_SERVICE, values)
            await cur.execute(sql.UNLINK_SERVICE, values)
            await cur.execute(sql.LINK_SERVICE, values)
        return entry

    async def save_location(self, entry: LocationEntry) -> LocationEntry:
        """Adds or updates the location; NOT_FOUND for an unknown organisation."""
        values = params(entry)
        async with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            await _require_organisation(cur, values)
            await cur.execute(sql.UPSERT_LOCATION, values)
        return entry

    async def _ids(self, query: str, ids: Iterable[str]) -> list[dict[str, Any]]:
        valid = [u for u in (_uuid(i) for i in ids) if u is not None]
        return await self._fetch(query, {"ids": valid}) if valid else []

    async def _fetch(self, query: str, values: dict[str, Any]) -> list[dict[str, Any]]:
        async with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query.encode(), values)
            rows: list[dict[str, Any]] = await cur.fetchall()
        return rows


async def _require_organisation(cur: AsyncCursor[Any], values: dict[str, Any]) -> None:
    await cur.execute(sql.KNOWN_ORGANISATION, values)
    if await cur.fetchone() is None:
        raise DirectoryEntryNotFound(
            f"no organisation {values['organisation_id']} in the directory", ("organisation_id",)
        )


async def _require_locations(cur: AsyncCursor[Any], values: dict[str, Any]) -> None:
    await cur.execute(sql.KNOWN_LOCATIONS, values)
    known = {row[0] for row in await cur.fetchall()}
    missing = [i for i in values["location_ids"] if i not in known]
    if missing:
        raise DirectoryEntryNotFound(
            f"no location {missing[0]} in the directory", ("location_ids",)
        )
