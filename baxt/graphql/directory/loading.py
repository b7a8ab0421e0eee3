"""Services with their organisations and locations, read in one query each per page."""

from __future__ import annotations

from baxt.application.directory import OrganisationEntry, ServiceEntry
from baxt.graphql.core.context import Info
from baxt.graphql.directory.types import Service


async def with_relations(info: Info, entries: list[ServiceEntry]) -> list[Service]:
    organisations = await info.context.loaders.organisations.load_many(
        [entry.organisation_id for entry in entries]
    )
    directory = info.context.services.directory
    locations = await directory.locations_by_id({i for e in entries for i in e.location_ids})
    return [
        Service.of(
            entry,
            _known(organisation),
            [locations[i] for i in entry.location_ids if i in locations],
        )
        for entry, organisation in zip(entries, organisations, strict=True)
    ]


def _known(organisation: OrganisationEntry | None) -> OrganisationEntry:
    # A service's organisation is a foreign key of its row, so it is always there.
    if organisation is None:
        raise LookupError("a directory service without its organisation")
    return organisation
