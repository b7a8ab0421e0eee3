"""The directory as HSDS 3.0 JSON, and the HSDS list query's parameters."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from baxt.application.directory.seed_data import LOCATIONS, ORGANISATIONS
from baxt.application.directory.seed_services import SERVICES
from baxt.domain.directory import ServiceStatus
from baxt.domain.service_categories import ServiceCategory
from baxt.hsds import shape
from baxt.hsds.params import BadQuery, list_query
from baxt.hsds.taxonomy import category_of, term_id

SHORT_TERM = next(s for s in SERVICES if s.category is ServiceCategory.TEMPORARY_CARE)


def _nested(status: ServiceStatus = ServiceStatus.ACTIVE) -> dict[str, Any]:
    service = replace(SHORT_TERM, status=status)
    owner = next(o for o in ORGANISATIONS if o.id == service.organisation_id)
    places = [p for p in LOCATIONS if p.id in service.location_ids]
    return shape.service(service, owner, places)


def test_a_service_nests_its_organization_areas_languages_and_places() -> None:
    nested = _nested()
    assert nested["organization"]["name"] == "SOS Children's Villages Uzbekistan"
    assert [a["name"] for a in nested["service_areas"]] == ["Samarqand viloyati"]
    assert [(lang["code"], lang["name"]) for lang in nested["languages"]] == [
        ("uz", "Uzbek"),
        ("ru", "Russian"),
    ]
    (at,) = nested["service_at_locations"]
    assert at["location"]["addresses"][0]["state_province"] == "Samarqand viloyati"


def test_the_category_is_a_taxonomy_term_of_baxt_s_categories() -> None:
    (attribute,) = _nested()["attributes"]
    assert attribute["taxonomy_term_id"] == term_id(ServiceCategory.TEMPORARY_CARE)
    assert attribute["taxonomy_term"]["code"] == "TEMPORARY_CARE"
    assert attribute["taxonomy_term"]["taxonomy"] == "Baxt service categories"


def test_eligibility_is_told_in_ages_as_hsds_3_has_it() -> None:
    nested = _nested()
    assert (nested["minimum_age"], nested["maximum_age"]) == (0, 17)
    assert nested["eligibility_description"] == "Aged 0 to 17"


def test_statuses_are_spelt_as_hsds_spells_them() -> None:
    assert _nested(ServiceStatus.TEMPORARILY_CLOSED)["status"] == "temporarily closed"


def test_nested_ids_are_stable_from_one_answer_to_the_next() -> None:
    assert _nested() == _nested()


def test_a_taxonomy_term_is_named_by_its_id_or_its_code() -> None:
    term = term_id(ServiceCategory.DAY_CARE)
    assert category_of(term) is ServiceCategory.DAY_CARE
    assert category_of(term.upper()) is ServiceCategory.DAY_CARE
    assert category_of("day_care") is ServiceCategory.DAY_CARE
    assert category_of("CHESS_CLUB") is None


def test_the_list_query_defaults_to_the_first_page() -> None:
    query = list_query({}, max_per_page=100)
    assert (query.page, query.per_page) == (1, 50)
    assert list_query({}, max_per_page=10).per_page == 10


def test_the_list_query_reads_hsds_and_baxt_filters() -> None:
    query = list_query(
        {"taxonomy_term_id": "DAY_CARE", "region": "Xorazm viloyati", "age": "4", "page": "2"},
        max_per_page=100,
    )
    assert query.search.category is ServiceCategory.DAY_CARE
    assert (query.search.region, query.search.age, query.page) == ("Xorazm viloyati", 4, 2)


@pytest.mark.parametrize(
    "given",
    [
        {"page": "0"},
        {"page": "first"},
        {"per_page": "101"},
        {"age": "-1"},
        {"taxonomy_term_id": "CHESS_CLUB"},
        {"region": "Atlantis"},
        {"organization_id": "sos"},
    ],
)
def test_a_bad_parameter_is_refused_with_a_stable_code(given: dict[str, str]) -> None:
    with pytest.raises(BadQuery) as refused:
        list_query(given, max_per_page=100)
    assert refused.value.code == "BAD_USER_INPUT"
