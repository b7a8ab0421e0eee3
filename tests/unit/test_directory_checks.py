"""What an admin may put into the service directory, field by field."""

from __future__ import annotations

from typing import Any

import pytest

from baxt.domain.directory import OrganisationKind, ServiceStatus
from baxt.domain.directory_checks import checked_location, checked_organisation, checked_service
from baxt.domain.errors import InvalidInput
from baxt.domain.service_categories import ServiceCategory

ORG = "5b0f3c5e-3f2a-4d7e-9c1a-2b3c4d5e6f70"


def _service(**changes: Any) -> dict[str, Any]:
    return {
        "id": None,
        "organisation_id": ORG,
        "name": "Day care",
        "category": ServiceCategory.DAY_CARE,
        "status": ServiceStatus.ACTIVE,
        "minimum_age": 1,
        "maximum_age": 7,
        "regions": ["Xorazm viloyati"],
        "languages": ["uz"],
        **changes,
    }


def _refused_field(**changes: Any) -> tuple[str, ...]:
    with pytest.raises(InvalidInput) as refused:
        checked_service(**_service(**changes))
    return refused.value.field


def test_a_new_entry_gets_a_fresh_id_and_a_given_one_is_kept_canonical() -> None:
    first, second = checked_service(**_service()), checked_service(**_service())
    assert first.id != second.id
    kept = checked_service(**_service(id=ORG.upper()))
    assert kept.id == ORG


def test_regions_must_be_regions_of_uzbekistan() -> None:
    assert _refused_field(regions=["Atlantis"]) == ("regions",)
    assert _refused_field(regions=[]) == ("regions",)


def test_regions_and_languages_are_kept_once_each() -> None:
    twice = checked_service(**_service(regions=["Toshkent shahri"] * 2, languages=["RU", "ru"]))
    assert twice.regions == ("Toshkent shahri",)
    assert twice.languages == ("ru",)


def test_languages_must_be_known_codes() -> None:
    assert _refused_field(languages=["klingon"]) == ("languages",)


def test_the_age_range_must_be_a_range() -> None:
    assert _refused_field(minimum_age=10, maximum_age=5) == ("minimum_age",)
    assert _refused_field(minimum_age=-1) == ("minimum_age",)
    assert _refused_field(maximum_age=500) == ("maximum_age",)


def test_an_open_ended_age_range_serves_every_age_beyond_its_end() -> None:
    service = checked_service(**_service(minimum_age=3, maximum_age=None))
    assert not service.serves(2)
    assert service.serves(3)
    assert service.serves(60)


def test_both_ends_of_the_age_range_are_included() -> None:
    service = checked_service(**_service())
    assert [age for age in range(10) if service.serves(age)] == [1, 2, 3, 4, 5, 6, 7]


def test_ids_must_be_uuids() -> None:
    assert _refused_field(organisation_id="sos") == ("organisation_id",)
    assert _refused_field(location_ids=["here"]) == ("location_ids",)


def test_an_organisation_needs_a_name_and_a_real_email_and_website() -> None:
    good: dict[str, Any] = {"id": None, "name": "SOS", "kind": OrganisationKind.NGO}
    assert checked_organisation(**good, website=" https://example.org ").website == (
        "https://example.org"
    )
    for changes, field in (
        ({"name": "  "}, "name"),
        ({"email": "nobody"}, "email"),
        ({"website": "javascript:alert(1)"}, "website"),
    ):
        with pytest.raises(InvalidInput) as refused:
            checked_organisation(**(good | changes))
        assert refused.value.field == (field,)


def test_a_location_s_coordinates_must_lie_on_earth() -> None:
    place: dict[str, Any] = {"id": None, "organisation_id": ORG, "name": "C", "address": "Urganch"}
    with pytest.raises(InvalidInput) as refused:
        checked_location(**place, region="Xorazm viloyati", latitude=91.0)
    assert refused.value.field == ("latitude",)
    kept = checked_location(**place, region="Xorazm viloyati", district=" ", longitude=60.6)
    assert (kept.district, kept.longitude) == (None, 60.6)
