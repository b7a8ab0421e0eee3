"""The service directory on PostgreSQL: the seed, searches, pages and admin writes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from psycopg_pool import AsyncConnectionPool

from baxt.application.directory import (
    SOS_ORGANISATION_ID,
    After,
    DirectoryEntryNotFound,
    ServiceDirectory,
    ServiceSearch,
    seed_directory,
)
from baxt.application.directory.seed_data import LOCATIONS, ORGANISATIONS
from baxt.application.directory.seed_services import SERVICES
from baxt.domain.directory import OrganisationKind, ServiceStatus
from baxt.domain.directory_checks import checked_location, checked_organisation, checked_service
from baxt.domain.service_categories import ServiceCategory
from baxt.migrations import apply_migrations
from tests.database import scratch_database

SEEDED = len(ORGANISATIONS) + len(LOCATIONS) + len(SERVICES)


@pytest.fixture
async def seeded(admin_url: str) -> AsyncIterator[tuple[ServiceDirectory, str]]:
    with scratch_database(admin_url) as url:
        apply_migrations(url)
        assert seed_directory(url) == SEEDED
        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
        await pool.open()
        yield ServiceDirectory(pool), url
        await pool.close()


async def test_seeding_twice_adds_nothing_the_second_time(
    seeded: tuple[ServiceDirectory, str],
) -> None:
    directory, url = seeded
    assert seed_directory(url) == 0
    assert len(await directory.organisations()) == len(ORGANISATIONS)


async def test_sos_is_found_by_the_id_partner_tokens_carry(
    seeded: tuple[ServiceDirectory, str],
) -> None:
    directory, _ = seeded
    sos = await directory.organisation(SOS_ORGANISATION_ID)
    assert sos is not None
    assert sos.name == "SOS Children's Villages Uzbekistan"
    assert sos.kind is OrganisationKind.NGO


async def test_a_service_is_read_back_with_its_places(
    seeded: tuple[ServiceDirectory, str],
) -> None:
    directory, _ = seeded
    expected = next(s for s in SERVICES if s.category is ServiceCategory.TEMPORARY_CARE)
    found = await directory.service(expected.id)
    assert found == expected


async def test_an_id_that_is_no_uuid_finds_nothing(seeded: tuple[ServiceDirectory, str]) -> None:
    directory, _ = seeded
    assert await directory.service("not-a-uuid") is None
    assert await directory.organisation("'; DROP TABLE directory_service; --") is None


async def test_search_by_category_region_and_age(seeded: tuple[ServiceDirectory, str]) -> None:
    directory, _ = seeded
    day_care = ServiceSearch(category=ServiceCategory.DAY_CARE, region="Xorazm viloyati")
    assert [s.name for s in (await directory.services(day_care, first=10)).entries] == [
        "Day-care centre"
    ]
    too_old = replace(day_care, age=8)
    assert (await directory.services(too_old, first=10)).entries == []


async def test_a_service_without_an_age_limit_serves_every_age(
    seeded: tuple[ServiceDirectory, str],
) -> None:
    directory, _ = seeded
    search = ServiceSearch(category=ServiceCategory.EMPLOYMENT_SERVICE, age=40)
    names = {s.name for s in (await directory.services(search, first=10)).entries}
    assert names == {"Helping parents into work", "Employment service for parents"}


async def test_keyset_pages_walk_every_service_once(seeded: tuple[ServiceDirectory, str]) -> None:
    directory, _ = seeded
    seen: list[str] = []
    after: After | None = None
    while True:
        page = await directory.services(ServiceSearch(), first=4, after=after)
        seen += [s.id for s in page.entries]
        if not page.has_next:
            break
        after = After(page.entries[-1].name, page.entries[-1].id)
    assert sorted(seen) == sorted(s.id for s in SERVICES)
    assert len(seen) == len(set(seen))


async def test_numbered_pages_count_every_match(seeded: tuple[ServiceDirectory, str]) -> None:
    directory, _ = seeded
    sos = ServiceSearch(organisation_id=SOS_ORGANISATION_ID)
    last = await directory.numbered_page(sos, page=3, per_page=3)
    sos_services = [s for s in SERVICES if s.organisation_id == SOS_ORGANISATION_ID]
    assert last.total == len(sos_services)
    assert len(last.entries) == len(sos_services) - 6
    assert not last.has_next


async def test_an_admin_change_survives_a_second_seed(
    seeded: tuple[ServiceDirectory, str],
) -> None:
    directory, url = seeded
    original = SERVICES[0]
    closed = replace(original, status=ServiceStatus.TEMPORARILY_CLOSED, location_ids=())
    await directory.save_service(closed)
    seed_directory(url)
    assert await directory.service(original.id) == closed


async def test_new_entries_are_saved_and_linked(seeded: tuple[ServiceDirectory, str]) -> None:
    directory, _ = seeded
    ngo = await directory.save_organisation(
        checked_organisation(id=None, name="Nukus family centre", kind=OrganisationKind.NGO)
    )
    place = await directory.save_location(
        checked_location(
            id=None,
            organisation_id=ngo.id,
            name="Nukus centre",
            address="Nukus shahri",
            region="Qoraqalpog'iston Respublikasi",
        )
    )
    service = await directory.save_service(
        checked_service(
            id=None,
            organisation_id=ngo.id,
            name="Family counselling",
            category=ServiceCategory.PSYCHOLOGICAL_SUPPORT,
            status=ServiceStatus.ACTIVE,
            minimum_age=None,
            maximum_age=None,
            regions=["Qoraqalpog'iston Respublikasi"],
            languages=["kaa", "uz"],
            location_ids=[place.id],
        )
    )
    assert await directory.service(service.id) == service
    assert await directory.locations_of(ngo.id) == [place]


async def test_a_service_of_an_unknown_organisation_is_refused(
    seeded: tuple[ServiceDirectory, str],
) -> None:
    directory, _ = seeded
    stray = replace(SERVICES[0], organisation_id="00000000-0000-4000-8000-000000000001")
    with pytest.raises(DirectoryEntryNotFound) as refused:
        await directory.save_service(stray)
    assert refused.value.field == ("organisation_id",)
    assert await directory.service(stray.id) == SERVICES[0]


async def test_a_service_at_an_unknown_location_is_refused(
    seeded: tuple[ServiceDirectory, str],
) -> None:
    directory, _ = seeded
    stray = replace(SERVICES[0], location_ids=("00000000-0000-4000-8000-000000000002",))
    with pytest.raises(DirectoryEntryNotFound) as refused:
        await directory.save_service(stray)
    assert refused.value.field == ("location_ids",)
