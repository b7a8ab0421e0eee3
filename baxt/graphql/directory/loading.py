"""Services with their organisations and locations, read in one query each per page."""

from __future__ import annotations

from baxt.application.directory import ServiceEntry
from baxt.graphql.context import Info
from baxt.graphql.directory.types import Service


async def with_relations(info: Info, entries: list[ServiceEntry]) -> list[Service]:
    directory = info.context.services.directory
    organisations = await directory.organisations_by_id({e.organisation_id for e in entries})
    locations = await directory.locations_by_id({i for e in entries for i in e.location_ids})
    return [
        Service.of(
            entry,
            organisations[entry.organisation_id],
            [locations[i] for i in entry.location_ids if i in locations],
        )
        for entry in entries
    ]
