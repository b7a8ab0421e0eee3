"""The seed directory hangs together: every reference resolves, every ID is stable."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from baxt.application.directory import SOS_ORGANISATION_ID
from baxt.application.directory.seed_data import (
    DIRECTORY_NAMESPACE,
    LOCATIONS,
    ORGANISATIONS,
    SOS_REGIONS,
)
from baxt.application.directory.seed_services import SERVICES
from baxt.devtools.demo import stories
from baxt.domain.directory_checks import checked_location, checked_service
from baxt.domain.service_categories import ServiceCategory


def test_the_sos_organisation_id_never_changes() -> None:
    assert SOS_ORGANISATION_ID == "1acef434-067d-5fca-a09d-7e13007cd215"
    derived = uuid5(DIRECTORY_NAMESPACE, "organisation/sos-childrens-villages-uzbekistan")
    assert UUID(SOS_ORGANISATION_ID) == derived


def test_every_id_is_unique() -> None:
    ids = [e.id for e in (*ORGANISATIONS, *LOCATIONS, *SERVICES)]
    assert len(ids) == len(set(ids))


def test_every_service_and_location_belongs_to_a_seeded_organisation() -> None:
    organisations = {o.id for o in ORGANISATIONS}
    assert {e.organisation_id for e in (*LOCATIONS, *SERVICES)} <= organisations


def test_every_service_is_delivered_at_seeded_locations_only() -> None:
    places = {p.id for p in LOCATIONS}
    assert {i for s in SERVICES for i in s.location_ids} <= places


def test_every_seeded_entry_passes_the_admin_checks() -> None:
    for service in SERVICES:
        fields = vars(service) | {"regions": list(service.regions)}
        assert checked_service(**fields) == service
    for place in LOCATIONS:
        assert checked_location(**vars(place)) == place


def test_sos_offers_its_programmes_in_tashkent_samarkand_and_khorezm() -> None:
    sos = [s for s in SERVICES if s.organisation_id == SOS_ORGANISATION_ID]
    assert {s.category for s in sos} >= {
        ServiceCategory.FAMILY_STRENGTHENING,
        ServiceCategory.PARENTING_SUPPORT,
        ServiceCategory.DAY_CARE,
        ServiceCategory.TEMPORARY_CARE,
        ServiceCategory.FAMILY_REINTEGRATION,
        ServiceCategory.EMPLOYMENT_SERVICE,
    }
    assert {r for s in sos for r in s.regions} == set(SOS_REGIONS)


def test_the_worked_cases_categories_each_have_a_seeded_service() -> None:
    referred = {c for story in stories(date(2026, 11, 1)) for c, _, _ in story.referrals}
    assert referred <= {s.category.value for s in SERVICES}
