"""The service directory over real HTTP: GraphQL search and admin writes, and the HSDS API."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from baxt.application.access.principal import Role
from baxt.application.directory import SOS_ORGANISATION_ID, seed_directory
from baxt.application.directory.seed_services import SERVICES
from tests.e2e.client import GraphQLClient
from tests.operations import mutation as document
from tests.serving import RunningServer

SEARCH = """query($category: ServiceCategory, $region: String, $age: Int, $first: Int,
  $after: String) {
  services(category: $category, region: $region, age: $age, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id name category status minimumAge maximumAge regions languages
      organisation { id name kind } locations { name region } } }
  }
}"""
SAVE = {
    "saveOrganisation": "organisation { id name kind }",
    "saveLocation": "location { id name region }",
    "saveService": "service { id name regions locations { id } }",
}
SOS_SERVICES = [s for s in SERVICES if s.organisation_id == SOS_ORGANISATION_ID]


@pytest.fixture(scope="module", autouse=True)
def seeded(server: RunningServer) -> None:
    seed_directory(server.database_url)


def _as(http: httpx.AsyncClient, server: RunningServer, role: Role) -> GraphQLClient:
    return GraphQLClient(http, server.token(f"{role.value.lower()}.directory", role))


async def _search(client: GraphQLClient, **arguments: Any) -> dict[str, Any]:
    services: dict[str, Any] = (await client.execute(SEARCH, arguments))["services"]
    return services


async def _save(client: GraphQLClient, mutation: str, /, **fields: Any) -> Any:
    query = document(mutation, f"{SAVE[mutation]} userErrors {{ field message code }}")
    return await client.post(query, {"input": fields})


async def test_a_caseworker_finds_day_care_in_khorezm_for_a_four_year_old(
    gql: GraphQLClient,
) -> None:
    found = await _search(gql, category="DAY_CARE", region="Xorazm viloyati", age=4)
    (node,) = [edge["node"] for edge in found["edges"]]
    assert node["organisation"] == {
        "id": SOS_ORGANISATION_ID,
        "name": "SOS Children's Villages Uzbekistan",
        "kind": "NGO",
    }
    assert (node["minimumAge"], node["maximumAge"], node["status"]) == (1, 7, "ACTIVE")
    assert "Xorazm viloyati" in {place["region"] for place in node["locations"]}


async def test_an_age_outside_a_service_s_range_finds_nothing(gql: GraphQLClient) -> None:
    found = await _search(gql, category="DAY_CARE", region="Xorazm viloyati", age=12)
    assert found["edges"] == []


@pytest.mark.parametrize("role", list(Role))
async def test_every_role_may_search_the_directory(
    http: httpx.AsyncClient, server: RunningServer, role: Role
) -> None:
    found = await _search(_as(http, server, role), category="TEMPORARY_CARE")
    assert [edge["node"]["name"] for edge in found["edges"]] == ["Short-term guardianship"]


async def test_pages_of_the_search_follow_each_other_without_repeats(gql: GraphQLClient) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = await _search(gql, region="Samarqand viloyati", first=2, after=after)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    everything = await _search(gql, region="Samarqand viloyati", first=100)
    assert seen == [edge["node"]["id"] for edge in everything["edges"]]
    assert len(seen) == len(set(seen)) > 2


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"region": "Atlantis"}, "INVALID_INPUT"),
        ({"age": -3}, "INVALID_INPUT"),
        ({"first": 100_000}, "BAD_USER_INPUT"),
        ({"after": "not a cursor"}, "BAD_USER_INPUT"),
    ],
)
async def test_a_bad_search_argument_answers_a_stable_code(
    gql: GraphQLClient, arguments: dict[str, Any], code: str
) -> None:
    body = (await gql.post(SEARCH, arguments)).json()
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    assert "Traceback" not in str(body)


async def test_an_admin_adds_an_organisation_its_place_and_a_service_found_by_search(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    admin = _as(http, server, Role.ADMIN)
    organisation = await _payload(
        admin, "saveOrganisation", name="Navoiy family centre", kind="NGO"
    )
    org_id = organisation["organisation"]["id"]
    place = await _payload(
        admin,
        "saveLocation",
        organisationId=org_id,
        name="Navoiy centre",
        address="Navoiy shahri",
        region="Navoiy viloyati",
    )
    service = await _payload(
        admin,
        "saveService",
        organisationId=org_id,
        name="Navoiy legal help",
        category="LEGAL_SUPPORT",
        regions=["Navoiy viloyati"],
        locationIds=[place["location"]["id"]],
    )
    assert service["service"]["locations"] == [{"id": place["location"]["id"]}]
    found = await _search(_as(http, server, Role.CASEWORKER), region="Navoiy viloyati")
    names = [edge["node"]["name"] for edge in found["edges"]]
    assert "Navoiy legal help" in names


async def test_an_admin_updates_a_service_by_its_id(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    admin = _as(http, server, Role.ADMIN)
    org = await _payload(admin, "saveOrganisation", name="Jizzax centre", kind="GOVERNMENT")
    fields = {
        "organisationId": org["organisation"]["id"],
        "name": "Jizzax housing help",
        "category": "HOUSING_SUPPORT",
        "regions": ["Jizzax viloyati"],
    }
    first = await _payload(admin, "saveService", **fields)
    again = {"id": first["service"]["id"], "regions": ["Jizzax viloyati", "Sirdaryo viloyati"]}
    second = await _payload(admin, "saveService", **(fields | again))
    assert second["service"]["regions"] == ["Jizzax viloyati", "Sirdaryo viloyati"]
    found = await _search(_as(http, server, Role.SUPERVISOR), region="Sirdaryo viloyati")
    assert first["service"]["id"] in [edge["node"]["id"] for edge in found["edges"]]


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
async def test_only_admins_may_write_the_directory(
    http: httpx.AsyncClient, server: RunningServer, role: Role
) -> None:
    answer = await _save(_as(http, server, role), "saveOrganisation", name="Rogue NGO", kind="NGO")
    body = answer.json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert body["data"] is None


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"minimumAge": 9, "maximumAge": 3}, ["input", "minimumAge"], "INVALID_INPUT"),
        ({"regions": ["Atlantis"]}, ["input", "regions"], "INVALID_INPUT"),
        ({"languages": ["xx"]}, ["input", "languages"], "INVALID_INPUT"),
        ({"organisationId": "sos"}, ["input", "organisationId"], "INVALID_INPUT"),
        ({"organisationId": str(uuid4())}, ["input", "organisationId"], "NOT_FOUND"),
        ({"locationIds": [str(uuid4())]}, ["input", "locationIds"], "NOT_FOUND"),
    ],
)
async def test_bad_service_input_answers_a_user_error_on_its_field(
    http: httpx.AsyncClient,
    server: RunningServer,
    fields: dict[str, Any],
    field: list[str],
    code: str,
) -> None:
    good = {
        "organisationId": SOS_ORGANISATION_ID,
        "name": "Never saved",
        "category": "DAY_CARE",
        "regions": ["Toshkent shahri"],
    }
    answer = (await _save(_as(http, server, Role.ADMIN), "saveService", **(good | fields))).json()
    payload = answer["data"]["saveService"]
    assert payload["service"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)]


async def test_a_location_of_an_unknown_organisation_is_not_found(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    answer = await _save(
        _as(http, server, Role.ADMIN),
        "saveLocation",
        organisationId=str(uuid4()),
        name="Nowhere",
        address="Nowhere",
        region="Toshkent shahri",
    )
    errors = answer.json()["data"]["saveLocation"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [(["input", "organisationId"], "NOT_FOUND")]


async def _payload(client: GraphQLClient, mutation: str, /, **fields: Any) -> Any:
    body = (await _save(client, mutation, **fields)).json()
    assert "errors" not in body, body
    payload = body["data"][mutation]
    assert payload["userErrors"] == [], payload
    return payload


def _hsds(server: RunningServer, path: str, **params: Any) -> httpx.Response:
    token = server.token("partner.tool", Role.PARTNER, {"org": SOS_ORGANISATION_ID})
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{server.url}/hsds{path}", params=params, headers=headers, timeout=30)


def test_hsds_pages_walk_sos_s_services_as_the_spec_prescribes(server: RunningServer) -> None:
    pages = []
    for number in (1, 2, 3):
        answer = _hsds(
            server, "/services", organization_id=SOS_ORGANISATION_ID, page=number, per_page=3
        )
        assert answer.status_code == 200
        pages.append(answer.json())
    expected_pages = -(-len(SOS_SERVICES) // 3)
    assert [p["page_number"] for p in pages] == [1, 2, 3]
    assert {(p["total_items"], p["total_pages"], p["size"]) for p in pages} == {
        (len(SOS_SERVICES), expected_pages, 3)
    }
    assert [(p["first_page"], p["last_page"], p["empty"]) for p in pages] == [
        (True, False, False),
        (False, expected_pages == 2, False),
        (False, True, False),
    ]
    listed = [item["id"] for p in pages for item in p["contents"]]
    assert sorted(listed) == sorted(s.id for s in SOS_SERVICES)


def test_a_page_past_the_end_is_empty(server: RunningServer) -> None:
    body = _hsds(server, "/services", organization_id=SOS_ORGANISATION_ID, page=99).json()
    assert (body["contents"], body["empty"], body["last_page"]) == ([], True, True)


def test_an_hsds_service_nests_organization_areas_languages_and_category(
    server: RunningServer,
) -> None:
    listed = _hsds(
        server, "/services", taxonomy_term_id="TEMPORARY_CARE", region="Samarqand viloyati", age=5
    )
    (item,) = listed.json()["contents"]
    assert item["organization"]["id"] == SOS_ORGANISATION_ID
    assert [a["name"] for a in item["service_areas"]] == ["Samarqand viloyati"]
    assert {lang["code"] for lang in item["languages"]} == {"uz", "ru"}
    assert (item["minimum_age"], item["maximum_age"], item["status"]) == (0, 17, "active")
    (attribute,) = item["attributes"]
    assert attribute["taxonomy_term"]["code"] == "TEMPORARY_CARE"
    by_term = _hsds(server, "/services", taxonomy_term_id=attribute["taxonomy_term_id"])
    assert [i["id"] for i in by_term.json()["contents"]] == [item["id"]]
    one = _hsds(server, f"/services/{item['id']}")
    assert one.status_code == 200
    assert one.json() == item


def test_an_unknown_hsds_service_is_not_found(server: RunningServer) -> None:
    for missing in (str(uuid4()), "no-such-service"):
        answer = _hsds(server, f"/services/{missing}")
        assert answer.status_code == 404
        assert answer.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    "params", [{"page": "0"}, {"per_page": "x"}, {"taxonomy_term_id": "CHESS"}, {"age": "200"}]
)
def test_a_bad_hsds_parameter_answers_400_with_a_stable_code(
    server: RunningServer, params: dict[str, str]
) -> None:
    answer = _hsds(server, "/services", **params)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_the_hsds_api_needs_a_bearer_token(server: RunningServer, accept: str) -> None:
    answer = httpx.get(f"{server.url}/hsds/services", headers={"Accept": accept}, timeout=30)
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "contents" not in answer.text
